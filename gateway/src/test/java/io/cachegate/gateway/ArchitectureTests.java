package io.cachegate.gateway;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;

import io.cachegate.stack.test.MainClasses;
import io.cachegate.stack.test.ReactiveArchitecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

class ArchitectureTests {

	private static final JavaClasses MAIN = MainClasses.of("io.cachegate.gateway");

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
		ReactiveArchitecture
			.nothingBlocks("the gateway runs on event loops; blocking one stalls every connection it serves")
			.check(MAIN);
	}

	/**
	 * The gateway is a user of the cache library like any other application: it uses only
	 * the library's public API, the root package (the interfaces it implements, the
	 * auto-configuration) and the parts shared with applications ({@code web}: path
	 * normalization and event-loop helpers, {@code observability}: the access log and
	 * request ids, {@code redis}: the guarded Redis access). The rest is the library's
	 * own and may change without notice.
	 */
	@Test
	void usesOnlyTheCacheLibrarysPublicApi() {
		noClasses().should()
			.dependOnClassesThat(resideInAPackage("io.cachegate.cache..")
				.and(DescribedPredicate.not(resideInAnyPackage("io.cachegate.cache", "io.cachegate.cache.web",
						"io.cachegate.cache.observability", "io.cachegate.cache.redis"))))
			.because("the gateway configures the cache as any Spring Cloud Gateway application would")
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
