package io.cachegate.gateway;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import io.cachegate.gateway.routing.RequestPaths;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
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

	/**
	 * The cache's parts, lowest first: each may use those below it, never those above.
	 * The root package {@code cache} holds only the wiring; {@code cache.events} and
	 * {@code cache.hit} sit beside the filter, not under it.
	 */
	@Test
	void cacheLayersPointOneWay() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("metrics")
			.definedBy("io.cachegate.gateway.cache.metrics..")
			.layer("store")
			.definedBy("io.cachegate.gateway.cache.store..")
			.layer("http")
			.definedBy("io.cachegate.gateway.cache.http..")
			.layer("near")
			.definedBy("io.cachegate.gateway.cache.near..")
			.layer("stampede")
			.definedBy("io.cachegate.gateway.cache.stampede..")
			.layer("hit")
			.definedBy("io.cachegate.gateway.cache.hit..")
			.layer("filter")
			.definedBy("io.cachegate.gateway.cache.filter..")
			.layer("events")
			.definedBy("io.cachegate.gateway.cache.events..")
			.layer("wiring")
			.definedBy("io.cachegate.gateway.cache")
			.whereLayer("wiring")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("filter")
			.mayOnlyBeAccessedByLayers("wiring")
			.whereLayer("events")
			.mayOnlyBeAccessedByLayers("wiring")
			.whereLayer("hit")
			.mayOnlyBeAccessedByLayers("filter", "wiring")
			.whereLayer("stampede")
			.mayOnlyBeAccessedByLayers("filter", "wiring")
			.whereLayer("near")
			.mayOnlyBeAccessedByLayers("store", "events", "wiring")
			.whereLayer("http")
			.mayOnlyBeAccessedByLayers("stampede", "hit", "filter", "wiring")
			.check(MAIN);
	}

	@Test
	void cacheSubPackagesHaveNoCycles() {
		slices().matching("io.cachegate.gateway.cache.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	/**
	 * The cache is meant to become a library for any Spring Cloud Gateway application: it
	 * must not reach into this application's authentication, routing or docs. The one
	 * exception is written here: cache keys normalize paths as routing does
	 * ({@code RequestPaths}, one rule for both). The caller's role reaches the cache
	 * through interfaces the application implements ({@code CallerRoles},
	 * {@code FastPathCallers}).
	 */
	@Test
	void cacheDoesNotDependOnTheApplication() {
		noClasses().that()
			.resideInAPackage("io.cachegate.gateway.cache..")
			.should()
			.dependOnClassesThat(resideInAnyPackage("io.cachegate.gateway.auth..", "io.cachegate.gateway.routing..",
					"io.cachegate.gateway.docs..")
				.and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(RequestPaths.class))))
			.because("the cache is to be a library; the application adapts to it (CallerRoles, FastPathCallers), "
					+ "not the reverse")
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
