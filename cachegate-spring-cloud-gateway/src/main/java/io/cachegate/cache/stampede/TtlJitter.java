package io.cachegate.cache.stampede;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Shortens a freshness lifetime by a random 0 to {@code percent} percent, so that entries
 * stored in the same moment (a deployment, a cold start, a cleared cache) do not all
 * expire in the same moment and send their misses together. Only ever shortens: a shared
 * cache must not keep a response fresh longer than its origin said. The random source is
 * injected so tests can fix it.
 */
public final class TtlJitter {

	private final int percent;

	private final RandomGenerator random;

	public TtlJitter(int percent, RandomGenerator random) {
		this.percent = percent;
		this.random = random;
	}

	public Duration apply(Duration freshness) {
		if (percent == 0 || freshness.isZero()) {
			return freshness;
		}
		long millis = freshness.toMillis();
		long cut = (long) (millis * (percent / 100.0) * random.nextDouble());
		return Duration.ofMillis(Math.max(1, millis - cut));
	}

}
