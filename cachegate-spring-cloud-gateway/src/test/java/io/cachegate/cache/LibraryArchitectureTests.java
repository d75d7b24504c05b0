package io.cachegate.cache;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import io.cachegate.stack.test.MainClasses;
import io.cachegate.stack.test.ReactiveArchitecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class LibraryArchitectureTests {

	private static final JavaClasses MAIN = MainClasses.of("io.cachegate.cache");

	@Test
	void noFieldInjection() {
		NO_CLASSES_SHOULD_USE_FIELD_INJECTION.check(MAIN);
	}

	@Test
	void nothingBlocksOnARequestPath() {
		ReactiveArchitecture
			.nothingBlocks(
					"the cache runs on the gateway's event loops; blocking one stalls every connection it serves")
			.check(MAIN);
	}

	/**
	 * The cache's parts, lowest first: each may use those below it, never those above.
	 * The root package holds the wiring and the interfaces the application implements;
	 * {@code events} and {@code hit} sit beside the filter, not under it; {@code admin}
	 * on top. {@code web}, {@code observability} and {@code redis} are shared with the
	 * application and use no other part.
	 */
	@Test
	void cacheLayersPointOneWay() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("metrics")
			.definedBy("io.cachegate.cache.metrics..")
			.layer("store")
			.definedBy("io.cachegate.cache.store..")
			.layer("http")
			.definedBy("io.cachegate.cache.http..")
			.layer("near")
			.definedBy("io.cachegate.cache.near..")
			.layer("stampede")
			.definedBy("io.cachegate.cache.stampede..")
			.layer("hit")
			.definedBy("io.cachegate.cache.hit..")
			.layer("filter")
			.definedBy("io.cachegate.cache.filter..")
			.layer("events")
			.definedBy("io.cachegate.cache.events..")
			.layer("admin")
			.definedBy("io.cachegate.cache.admin..")
			.layer("wiring")
			.definedBy("io.cachegate.cache")
			.whereLayer("admin")
			.mayOnlyBeAccessedByLayers("wiring")
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
		slices().matching("io.cachegate.cache.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void sharedPartsUseNoOtherPart() {
		noClasses().that()
			.resideInAnyPackage("io.cachegate.cache.web..", "io.cachegate.cache.observability..",
					"io.cachegate.cache.redis..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cachegate.cache.metrics..", "io.cachegate.cache.store..",
					"io.cachegate.cache.http..", "io.cachegate.cache.near..", "io.cachegate.cache.stampede..",
					"io.cachegate.cache.hit..", "io.cachegate.cache.filter..", "io.cachegate.cache.events..",
					"io.cachegate.cache.admin..")
			.check(MAIN);
	}

	@Test
	void theLibraryKnowsNoApplication() {
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cachegate.gateway..", "io.cachegate.auth..", "io.cachegate.users..")
			.because("any Spring Cloud Gateway application may use the library; they adapt to it "
					+ "(CallerRoles, FastPathCallers, CacheAdminAccess), not the reverse")
			.check(MAIN);
	}

}
