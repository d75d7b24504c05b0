package io.cachegate.gateway;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.cachegate.gateway");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.cachegate.gateway.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void noFieldInjection() {
		NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(MAIN);
	}

	@Test
	void nothingBlocksOnARequestPath() {
		noClasses().should()
			.callMethod(Mono.class, "block")
			.orShould()
			.callMethod(Mono.class, "block", java.time.Duration.class)
			.orShould()
			.callMethod(Mono.class, "blockOptional")
			.orShould()
			.callMethod(Mono.class, "blockOptional", java.time.Duration.class)
			.orShould()
			.callMethod(Flux.class, "blockFirst")
			.orShould()
			.callMethod(Flux.class, "blockFirst", java.time.Duration.class)
			.orShould()
			.callMethod(Flux.class, "blockLast")
			.orShould()
			.callMethod(Flux.class, "blockLast", java.time.Duration.class)
			.because("the gateway runs on event loops; blocking one stalls every connection it serves")
			.check(MAIN);
	}

	@Test
	void servicesCodeIsNotADependency() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cachegate.auth..", "io.cachegate.users..")
			.check(MAIN);
	}

}
