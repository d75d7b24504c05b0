package io.cachegate.users;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameStartingWith;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.cachegate.users");

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
		noClasses().should()
			.callMethodWhere(target(nameStartingWith("block")).and(target(owner(assignableTo(Publisher.class)))))
			.because("request paths are reactive: a block() would stall an event-loop thread")
			.check(MAIN);
	}

}
