package io.cachegate.cache.stampede;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.cachegate.cache.redis.RedisGuard;
import io.cachegate.cache.store.CacheKey;

/**
 * The short Redis lease {@code cg:{<route>}:lock:<hash>} (same hash and hash tag as the
 * entry key) that makes a cluster of gateways send about one origin request per cold key,
 * and one background refresh per stale key. Held at most {@code lease-time}; released as
 * soon as its holder's answer is stored or turned out unstorable. Every call goes through
 * the {@link RedisGuard}; Redis unavailable means {@link State#UNAVAILABLE}, and the
 * caller goes on alone (the lease is an optimisation, never a gate).
 */
public final class CacheLeases {

	private static final Logger logger = LoggerFactory.getLogger(CacheLeases.class);

	/** What an attempt found. */
	enum State {

		/** This caller holds the lease. */
		ACQUIRED,
		/** Another holder (this instance or another) is fetching the key. */
		HELD,
		/** Redis could not say. */
		UNAVAILABLE

	}

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final RedisGuard guard;

	private final RedisScript<Long> script;

	private final Duration leaseTime;

	/** One token per instance and lease: a holder only ever releases its own lease. */
	private final String instance = UUID.randomUUID().toString();

	public CacheLeases(ReactiveRedisTemplate<String, byte[]> redis, RedisGuard guard, RedisScript<Long> script,
			Duration leaseTime) {
		this.redis = redis;
		this.guard = guard;
		this.script = script;
		this.leaseTime = leaseTime;
	}

	/**
	 * The lease key of an entry key: {@code cg:{route}:e:<hash>} becomes
	 * {@code cg:{route}:lock:<hash>}.
	 */
	static String leaseKey(CacheKey key) {
		String entry = key.redisKey();
		int at = entry.lastIndexOf(":e:");
		return entry.substring(0, at) + ":lock:" + entry.substring(at + 3);
	}

	/** A token naming one holding of a lease. */
	String newToken() {
		return instance + ":" + UUID.randomUUID();
	}

	Mono<State> acquire(CacheKey key, String token) {
		return acquire(key, token, "");
	}

	/**
	 * Acquires for a request flight: like {@link #acquire}, but a lease still held by
	 * this instance is taken over. This instance has no flight for the key when it asks,
	 * so such a lease was left by a flight whose release, or whose acquisition's reply,
	 * was lost to a timeout; waiting it out held requests for that key for the whole
	 * lease time. (Background refreshes never take over: they must stay one per key.)
	 */
	Mono<State> acquireForFlight(CacheKey key, String token) {
		return acquire(key, token, instance + ":");
	}

	private Mono<State> acquire(CacheKey key, String token, String takeOverPrefix) {
		List<byte[]> args = List.of(bytes("acquire"), bytes(token), bytes(Long.toString(leaseTime.toMillis())),
				bytes(takeOverPrefix));
		return guard.call(redis.execute(script, List.of(leaseKey(key)), args).next())
			.map(result -> result == 1L ? State.ACQUIRED : State.HELD)
			.onErrorResume(ex -> Mono.just(State.UNAVAILABLE))
			.defaultIfEmpty(State.UNAVAILABLE);
	}

	/**
	 * Whether someone holds the lease now; an unanswered question counts as not held (go,
	 * do not wait).
	 */
	Mono<Boolean> held(CacheKey key) {
		return guard.call(redis.hasKey(leaseKey(key))).onErrorResume(ex -> Mono.just(false)).defaultIfEmpty(false);
	}

	/**
	 * Releases a lease this caller holds; never fails (an unreleased lease expires by
	 * itself).
	 */
	Mono<Void> release(CacheKey key, String token) {
		return guard.call(redis.execute(script, List.of(leaseKey(key)), List.of(bytes("release"), bytes(token))).next())
			.doOnError(ex -> logger.debug("Lease release skipped, it expires by itself: {}", ex.toString()))
			.onErrorResume(ex -> Mono.empty())
			.then();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
