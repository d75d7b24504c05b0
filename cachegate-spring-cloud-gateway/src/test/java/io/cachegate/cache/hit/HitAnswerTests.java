package io.cachegate.cache.hit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HitAnswerTests {

	@Test
	void smallNumbersAreMadeOnceWithTheirPrefix() {
		HitAnswer.SmallNumbers numbers = new HitAnswer.SmallNumbers("ttl=");

		assertThat(numbers.of(0)).hasToString("ttl=0");
		assertThat(numbers.of(4095)).hasToString("ttl=4095");
		assertThat(numbers.of(59)).isSameAs(numbers.of(59));
	}

	@Test
	void numbersOutsideTheSharedOnesAreStillWritten() {
		HitAnswer.SmallNumbers numbers = new HitAnswer.SmallNumbers("");

		assertThat(numbers.of(4096)).hasToString("4096");
		assertThat(numbers.of(86_400_000L)).hasToString("86400000");
		assertThat(numbers.of(-1)).hasToString("-1");
	}

}
