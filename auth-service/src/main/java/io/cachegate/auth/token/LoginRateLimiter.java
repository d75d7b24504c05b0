package io.cachegate.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Counts failed logins per username and per client address in Redis and refuses further attempts once
 * either count reaches its limit, until the window that started with the first failure ends.
 *
 * <p>
 * Keys (strings holding a counter, each with a TTL of the window):
 * {@code cachegate:auth:login-failures:username:<lower-case username>} and
 * {@code cachegate:auth:login-failures:address:<client address>}. Each script touches one key, so they work
 * on a Redis Cluster too; the two counters are read or counted in parallel. A successful login clears the
 * username counter (not the address one, or one valid account would unlock guessing at others).
 *
 * <p>
 * <b>When Redis is slow or down, the limiter fails open</b>: each call is bounded by
 * {@code cachegate.login.redis-timeout}, and a failed or late call lets the login through with a warning.
 * Refusing every login while Redis is out would turn a cache outage into a full outage of everything
 * behind the gateway; BCrypt still makes each guess cost tens of milliseconds, and the warnings make the
 * gap visible.
 */
class LoginRateLimiter {

	private static final Logger logger = LoggerFactory.getLogger(LoginRateLimiter.class);

	static final String KEY_PREFIX = "cachegate:auth:login-failures:";

	private final ReactiveStringRedisTemplate redis;

	private final RedisScript<List<Long>> readScript;

	private final RedisScript<List<Long>> recordScript;

	private final LoginProperties properties;

	LoginRateLimiter(ReactiveStringRedisTemplate redis, RedisScript<List<Long>> readScript,
			RedisScript<List<Long>> recordScript, LoginProperties properties) {
		this.redis = redis;
		this.readScript = readScript;
		this.recordScript = recordScript;
		this.properties = properties;
	}

	static String usernameKey(String username) {
		return KEY_PREFIX + "username:" + username.toLowerCase(Locale.ROOT);
	}

	static String addressKey(String address) {
		return KEY_PREFIX + "address:" + address;
	}

	/**
	 * @return how long the caller must wait, or empty when it may try (also when Redis does not answer)
	 */
	Mono<Optional<Duration>> blockedFor(String username, String address) {
		Mono<Optional<Duration>> byUsername = blocked(this.readScript, usernameKey(username),
				this.properties.maxFailures(), false);
		Mono<Optional<Duration>> byAddress = blocked(this.readScript, addressKey(address),
				this.properties.maxFailuresPerAddress(), false);
		return Mono.zip(byUsername, byAddress).map((both) -> longest(both.getT1(), both.getT2()));
	}

	/**
	 * Counts a failure against both counters.
	 * @return how long the caller must now wait, or empty when it has attempts left
	 */
	Mono<Optional<Duration>> recordFailure(String username, String address) {
		Mono<Optional<Duration>> byUsername = blocked(this.recordScript, usernameKey(username),
				this.properties.maxFailures(), true);
		Mono<Optional<Duration>> byAddress = blocked(this.recordScript, addressKey(address),
				this.properties.maxFailuresPerAddress(), true);
		return Mono.zip(byUsername, byAddress).map((both) -> longest(both.getT1(), both.getT2()));
	}

	/** Forgets the username's failures after a successful login; best effort. */
	Mono<Void> reset(String username) {
		return this.redis.delete(usernameKey(username))
			.timeout(this.properties.redisTimeout())
			.doOnError((ex) -> logger.warn("Could not clear the login failures of '{}' in Redis: {}", username,
					ex.toString()))
			.onErrorResume((ex) -> Mono.empty())
			.then();
	}

	private Mono<Optional<Duration>> blocked(RedisScript<List<Long>> script, String key, int limit, boolean record) {
		List<String> args = record ? List.of(Long.toString(this.properties.window().toMillis())) : List.of();
		Flux<List<Long>> result = this.redis.execute(script, List.of(key), args);
		return result.next()
			.timeout(this.properties.redisTimeout())
			.map((counter) -> {
				long failures = counter.get(0);
				long ttlMillis = counter.get(1);
				// Reading: blocked once the limit is reached. Recording: blocked once this failure used up the
				// last allowed attempt.
				boolean over = failures >= limit;
				return over ? Optional.of(Duration.ofMillis(Math.max(ttlMillis, 1))) : Optional.<Duration>empty();
			})
			.defaultIfEmpty(Optional.empty())
			.onErrorResume((ex) -> {
				logger.warn("Login limiter skipped (fails open): Redis did not answer for {} within {}: {}", key,
						this.properties.redisTimeout(), ex.toString());
				return Mono.just(Optional.empty());
			});
	}

	private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
		if (a.isEmpty()) {
			return b;
		}
		if (b.isEmpty()) {
			return a;
		}
		return Optional.of((a.get().compareTo(b.get()) >= 0) ? a.get() : b.get());
	}

}
