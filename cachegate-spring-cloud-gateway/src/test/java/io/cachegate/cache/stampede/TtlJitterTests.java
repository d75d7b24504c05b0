package io.cachegate.cache.stampede;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TtlJitterTests {

	@Test
	void shortensByAtMostThePercentageAndNeverLengthens() {
		TtlJitter jitter = new TtlJitter(5, new SplittableRandom(42));
		Duration freshness = Duration.ofSeconds(60);
		long shortest = Long.MAX_VALUE;
		long longest = 0;
		for (int i = 0; i < 10_000; i++) {
			long jittered = jitter.apply(freshness).toMillis();
			shortest = Math.min(shortest, jittered);
			longest = Math.max(longest, jittered);
		}
		assertThat(shortest).isGreaterThanOrEqualTo(57_000L).isLessThan(57_100L);
		assertThat(longest).isLessThanOrEqualTo(60_000L).isGreaterThan(59_900L);
	}

	@Test
	void isDeterministicWithAFixedRandomSource() {
		assertThat(new TtlJitter(10, fixed(0.0)).apply(Duration.ofSeconds(100))).isEqualTo(Duration.ofSeconds(100));
		assertThat(new TtlJitter(10, fixed(0.5)).apply(Duration.ofSeconds(100))).isEqualTo(Duration.ofSeconds(95));
		assertThat(new TtlJitter(10, fixed(0.999999)).apply(Duration.ofSeconds(100)).toMillis()).isEqualTo(90_001L);
	}

	@Test
	void zeroPercentLeavesFreshnessAlone() {
		assertThat(new TtlJitter(0, fixed(0.9)).apply(Duration.ofMillis(1234))).isEqualTo(Duration.ofMillis(1234));
	}

	@Test
	void neverReachesZero() {
		assertThat(new TtlJitter(50, fixed(0.999999)).apply(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
	}

	private static RandomGenerator fixed(double value) {
		return new RandomGenerator() {

			@Override
			public long nextLong() {
				return 0;
			}

			@Override
			public double nextDouble() {
				return value;
			}

		};
	}

}
