package io.cachegate.stack.test;

import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.ClassesShould;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture rule every module whose code runs on event loops checks: no class
 * blocks on a {@link Mono} or {@link Flux}.
 */
public final class ReactiveArchitecture {

	/**
	 * {@code block}, {@code blockOptional}, {@code blockFirst} or {@code blockLast}, with
	 * or without a timeout, on any of Reactor's publishers.
	 */
	private static final DescribedPredicate<JavaMethodCall> BLOCKING_CALL = DescribedPredicate
		.describe("a blocking call on a Reactor publisher", call -> call.getName().startsWith("block")
				&& call.getTargetOwner().getPackageName().startsWith("reactor.core.publisher"));

	private ReactiveArchitecture() {
	}

	/**
	 * @param because why blocking would hurt here
	 * @param mayBlock the simple names of classes that run only off the event loops (a
	 * start-up bootstrap) and may block
	 * @return the rule: no class (but those) blocks on a {@link Mono} or {@link Flux}
	 */
	public static ArchRule nothingBlocks(String because, String... mayBlock) {
		Set<String> allowed = Set.of(mayBlock);
		ClassesShould should = allowed.isEmpty() ? noClasses().should()
				: noClasses()
					.that(DescribedPredicate.describe("are not one of " + allowed,
							(JavaClass type) -> !allowed.contains(type.getSimpleName())))
					.should();
		return should.callMethodWhere(BLOCKING_CALL).because(because);
	}

}
