package io.cachegate.stack.test;

import java.time.Duration;

import com.tngtech.archunit.lang.ArchRule;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The architecture rule every module whose code runs on event loops checks: no class
 * blocks on a {@link Mono} or {@link Flux}.
 */
public final class ReactiveArchitecture {

	private ReactiveArchitecture() {
	}

	/**
	 * @param because why blocking would hurt here
	 * @return the rule: no class calls {@code block}, {@code blockOptional},
	 * {@code blockFirst} or {@code blockLast}, with or without a timeout
	 */
	public static ArchRule nothingBlocks(String because) {
		return noClasses().should()
			.callMethod(Mono.class, "block")
			.orShould()
			.callMethod(Mono.class, "block", Duration.class)
			.orShould()
			.callMethod(Mono.class, "blockOptional")
			.orShould()
			.callMethod(Mono.class, "blockOptional", Duration.class)
			.orShould()
			.callMethod(Flux.class, "blockFirst")
			.orShould()
			.callMethod(Flux.class, "blockFirst", Duration.class)
			.orShould()
			.callMethod(Flux.class, "blockLast")
			.orShould()
			.callMethod(Flux.class, "blockLast", Duration.class)
			.because(because);
	}

}
