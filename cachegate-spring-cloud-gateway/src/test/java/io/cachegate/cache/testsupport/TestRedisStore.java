package io.cachegate.cache.testsupport;

import java.time.Duration;
import java.time.Instant;

import org.springframework.data.redis.core.ReactiveRedisTemplate;

import io.cachegate.cache.redis.GuardedTestRedis;
import io.cachegate.cache.stampede.CacheLeases;
import io.cachegate.cache.store.RedisCacheStore;
import io.cachegate.stack.test.MovableClock;

/**
 * What the unit tests of the parts above the store stand on: the real store on the test
 * Redis ({@link GuardedTestRedis}), counting entries' lifetimes on a clock the test
 * moves, and the leases beside it. Close it after each test.
 */
public final class TestRedisStore implements AutoCloseable {

	/** How long a test waits for one call to Redis. */
	public static final Duration WAIT = Duration.ofSeconds(10);

	private final GuardedTestRedis redis = GuardedTestRedis.open();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));

	private final RedisCacheStore store = redis.store(clock);

	/** The template the store uses, for looking at what it wrote. */
	public ReactiveRedisTemplate<String, byte[]> template() {
		return redis.template();
	}

	public MovableClock clock() {
		return clock;
	}

	public RedisCacheStore store() {
		return store;
	}

	/** The lease of one gateway instance: see {@link GuardedTestRedis#leases}. */
	public CacheLeases leases(Duration leaseTime) {
		return redis.leases(leaseTime);
	}

	@Override
	public void close() {
		redis.close();
	}

}
