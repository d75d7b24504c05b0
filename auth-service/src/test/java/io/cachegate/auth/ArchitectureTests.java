package io.cachegate.auth;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import io.cachegate.stack.test.MainClasses;
import io.cachegate.stack.test.ReactiveArchitecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Structure rules: feature packages without cycles, the error package independent of
 * features, constructor injection only, and no blocking calls on request paths (only the
 * start-up bootstrap may block).
 */
class ArchitectureTests {

	private static final JavaClasses MAIN = MainClasses.of("io.cachegate.auth");

	@Test
	void featurePackagesHaveNoCycles() {
		slices().matching("io.cachegate.auth.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void errorHandlingKnowsNoFeature() {
		noClasses().that()
			.resideInAPackage("io.cachegate.auth.error..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cachegate.auth.account..", "io.cachegate.auth.token..", "io.cachegate.auth.keys..")
			.check(MAIN);
	}

	@Test
	void keysKnowNothingOfAccountsOrTokens() {
		noClasses().that()
			.resideInAPackage("io.cachegate.auth.keys..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.cachegate.auth.account..", "io.cachegate.auth.token..")
			.check(MAIN);
	}

	@Test
	void noFieldInjection() {
		fields().should().notBeAnnotatedWith(Autowired.class).check(MAIN);
	}

	@Test
	void configurationClassesDoNotProxyBeanMethods() {
		classes().that()
			.areAnnotatedWith(Configuration.class)
			.should(new ArchCondition<JavaClass>("set proxyBeanMethods = false") {
				@Override
				public void check(JavaClass javaClass, ConditionEvents events) {
					if (javaClass.getAnnotationOfType(Configuration.class).proxyBeanMethods()) {
						events.add(SimpleConditionEvent.violated(javaClass,
								javaClass.getName() + " proxies its bean methods"));
					}
				}
			})
			.check(MAIN);
	}

	@Test
	void requestPathsNeverBlock() {
		// The start-up bootstrap is the one place allowed to wait.
		ReactiveArchitecture.nothingBlocks("request paths run on event loops", "AdminBootstrap").check(MAIN);
	}

}
