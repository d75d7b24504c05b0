package io.cachegate.cache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.cachegate.cache.stampede.CacheLeases;
import io.cachegate.cache.store.RedisCacheStore;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.RedisEndpoint;

/**
 * The cache's Redis pieces as the gateway wires them, on the test Redis (wherever the
 * stack's test support finds it; database 3, as the other gateway tests), without an
 * application context: the byte-valued template, a {@link RedisGuard} (a timeout long
 * enough for a loaded machine, a breaker that does not open), and built on them the
 * {@link RedisCacheStore} with its three scripts and the {@link CacheLeases}. For unit
 * tests of the classes above the store that need a real one. Close it after use.
 */
public final class GuardedTestRedis implements AutoCloseable {

	private static final String TAG_MARKS = "scripts/tag-marks.lua";

	private final LettuceConnectionFactory connections;

	private final ReactiveRedisTemplate<String, byte[]> template;

	private final RedisGuard guard;

	private GuardedTestRedis() {
		RedisEndpoint endpoint = Infrastructure.redis();
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(endpoint.host(), endpoint.port());
		server.setDatabase(3);
		this.connections = new LettuceConnectionFactory(server);
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.template = RedisConfiguration.binaryTemplate(connections);
		this.guard = new RedisGuard(CircuitBreaker.ofDefaults("test-redis"),
				new RedisGuardProperties(Duration.ofSeconds(5), 100, 100, 100, Duration.ofSeconds(2),
						Duration.ofMillis(500), -1),
				new SimpleMeterRegistry());
	}

	/** Connects to the test Redis. */
	public static GuardedTestRedis open() {
		return new GuardedTestRedis();
	}

	public ReactiveRedisTemplate<String, byte[]> template() {
		return template;
	}

	/**
	 * The store as the gateway builds it (scripts loaded as in the cache's
	 * configuration), counting entries' lifetimes on {@code clock}; lookups through the
	 * template (no direct connections).
	 */
	public RedisCacheStore store(Clock clock) {
		return store(clock, 1);
	}

	/**
	 * The store as {@link #store(Clock)} builds it, every route split into
	 * {@code buckets} buckets.
	 */
	@SuppressWarnings("rawtypes")
	public RedisCacheStore store(Clock clock, int buckets) {
		RedisScript<List> lookup = LuaScript.load(TAG_MARKS, "scripts/cache-lookup.lua", List.class);
		RedisScript<Long> store = LuaScript.load(TAG_MARKS, "scripts/cache-store.lua", Long.class);
		RedisScript<List> invalidate = LuaScript.load(TAG_MARKS, "scripts/cache-invalidate.lua", List.class);
		return new RedisCacheStore(template, guard, new DirectScripts(() -> null, guard, 0), lookup, store, invalidate,
				Duration.ofDays(1), route -> 16, route -> buckets, clock);
	}

	/**
	 * The Redis lease of one gateway instance; two calls make two instances (each
	 * releases only its own leases).
	 */
	public CacheLeases leases(Duration leaseTime) {
		return new CacheLeases(template, guard, LuaScript.load("scripts/cache-lease.lua", Long.class), leaseTime);
	}

	@Override
	public void close() {
		connections.destroy();
	}

}
