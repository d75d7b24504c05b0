package io.cachegate.users;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import com.tngtech.archunit.lang.ArchRule;
import reactor.core.publisher.Mono;

import io.cachegate.stack.test.ReactiveArchitecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	/**
	 * The main classes only, read straight from their output directory (scanning the
	 * classpath is slow).
	 */
	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importUrl(UserServiceApplication.class.getProtectionDomain().getCodeSource().getLocation());

	private static final ArchRule NO_BLOCK = ReactiveArchitecture
		.nothingBlocks("request paths are reactive: a block() would stall an event-loop thread");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.cachegate.users.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void errorPackageDependsOnNoFeature() {
		noClasses().that()
			.resideInAPackage("io.cachegate.users.error..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cachegate.users.user..", "io.cachegate.users.security..")
			.check(MAIN);
	}

	@Test
	void usersFeatureDoesNotKnowAboutSecurity() {
		noClasses().that()
			.resideInAPackage("io.cachegate.users.user..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.cachegate.users.security..")
			.check(MAIN);
	}

	@Test
	void noFieldInjection() {
		NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(MAIN);
	}

	@Test
	void noBlockingCallsOnRequestPaths() {
		NO_BLOCK.check(MAIN);
	}

	@Test
	void blockRuleRecognizesABlockingCall() {
		// The rule must be able to fail: this test class calls Mono.block().
		JavaClasses violator = new ClassFileImporter().importClasses(ArchitectureTests.class);
		assertThatThrownBy(() -> NO_BLOCK.check(violator)).isInstanceOf(AssertionError.class)
			.hasMessageContaining("block");
	}

	@SuppressWarnings("unused")
	private static String blockingExample() {
		return Mono.just("x").block();
	}

}
