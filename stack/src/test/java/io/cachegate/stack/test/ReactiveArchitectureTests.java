package io.cachegate.stack.test;

import java.time.Duration;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReactiveArchitectureTests {

	private static final JavaClasses BLOCKING = new ClassFileImporter().importClasses(BlocksOnMono.class,
			BlocksOnFlux.class, StaysReactive.class);

	@Test
	void catchesEveryKindOfBlock() {
		assertThatThrownBy(() -> ReactiveArchitecture.nothingBlocks("test").check(BLOCKING))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("BlocksOnMono")
			.hasMessageContaining("BlocksOnFlux");
	}

	@Test
	void letsTheNamedClassesBlock() {
		assertThatCode(() -> ReactiveArchitecture.nothingBlocks("test", "BlocksOnMono", "BlocksOnFlux").check(BLOCKING))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> ReactiveArchitecture.nothingBlocks("test", "BlocksOnMono").check(BLOCKING))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("BlocksOnFlux");
	}

	static class BlocksOnMono {

		Object wait(Mono<String> mono) {
			return mono.blockOptional(Duration.ofSeconds(1));
		}

	}

	static class BlocksOnFlux {

		Object wait(Flux<String> flux) {
			return flux.blockLast();
		}

	}

	static class StaysReactive {

		Mono<Integer> length(Mono<String> mono) {
			return mono.map(String::length);
		}

	}

}
