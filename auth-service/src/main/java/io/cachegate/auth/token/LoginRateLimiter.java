package io.cachegate.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.lettuce.core.RedisCommandExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Counts login attempts per username and client address together, per username and per
 * client address in Redis, <b>before</b> the password is checked, and refuses an attempt
 * once any count is over its limit, until the window that started with the first attempt
 * ends. A successful login takes its attempt back (the address counter) or clears the
 * username counter, so the counters hold failed attempts (and those in flight): counting
 * first means concurrent guesses cannot all pass a check made before any of them was
 * counted, and that no password is checked unless Redis took the count.
 *
 * <p>
 * <b>Why three counters.</b> A strict limit per username alone lets anyone who knows a
 * username (admin) keep its owner out for good with a few requests per window. So the
 * strict limit ({@code max-failures}, 5) holds a username <i>from one address</i>; across
 * all addresses a username has a much higher ceiling ({@code max-failures-per-username},
 * 50), and each address its own ({@code max-failures-per-address}, 20). Locking an owner
 * out now takes more failures per window than one address may make, from several
 * addresses, and the owner's own successful login clears the username's counts; a guesser
 * gets at most 5 tries per address and 50 per account and window.
 *
 * <p>
 * Keys (strings holding a counter, each with a TTL of the window):
 * {@code cachegate:auth:login-failures:username-address:<lower-case username>|<client address>},
 * {@code cachegate:auth:login-failures:username:<lower-case username>} and
 * {@code cachegate:auth:login-failures:address:<client address>}. Each script touches one
 * key, so they work on a Redis Cluster too; the counters are counted in parallel. A
 * success does not clear the address counter (or one valid account would unlock guessing
 * at others), it only takes back its own attempt.
 *
 * <p>
 * <b>Redis slow or unreachable: the limiter fails open</b>: each call is bounded by
 * {@code cachegate.login.redis-timeout}, and a late or failed connection lets the login
 * through with a warning. Refusing every login while Redis is out would turn a cache
 * outage into a full outage of everything behind the gateway; BCrypt still makes each
 * guess cost tens of milliseconds, and the warnings make the gap visible. <b>Redis
 * answering with an error (full under {@code noeviction}, read-only, unable to persist):
 * the limiter fails closed</b> ({@link LoginLimiterUnavailableException}, 503): Redis is
 * there but will not count, and anyone able to fill it (the gateway's cache shares it)
 * would otherwise switch the limit off at will.
 */
class LoginRateLimiter {

	private static final Logger logger = LoggerFactory.getLogger(LoginRateLimiter.class);

	static final String KEY_PREFIX = "cachegate:auth:login-failures:";

	private final ReactiveStringRedisTemplate redis;

	private final RedisScript<List<Long>> countScript;

	private final RedisScript<Long> refundScript;

	private final LoginProperties properties;

	LoginRateLimiter(ReactiveStringRedisTemplate redis, RedisScript<List<Long>> countScript,
			RedisScript<Long> refundScript, LoginProperties properties) {
		this.redis = redis;
		this.countScript = countScript;
		this.refundScript = refundScript;
		this.properties = properties;
	}

	static String usernameKey(String username) {
		return KEY_PREFIX + "username:" + username.toLowerCase(Locale.ROOT);
	}

	static String addressKey(String address) {
		return KEY_PREFIX + "address:" + address;
	}

	static String pairKey(String username, String address) {
		return KEY_PREFIX + "username-address:" + username.toLowerCase(Locale.ROOT) + "|" + address;
	}

	/**
	 * Counts an attempt against the three counters.
	 * @return how long the caller must wait, or empty when this attempt may check its
	 * password (also when Redis does not answer); an error
	 * ({@link LoginLimiterUnavailableException}) when Redis refused to count
	 */
	Mono<Optional<Duration>> attempt(String username, String address) {
		Mono<Optional<Duration>> byPair = count(pairKey(username, address), this.properties.maxFailures());
		Mono<Optional<Duration>> byUsername = count(usernameKey(username), this.properties.maxFailuresPerUsername());
		Mono<Optional<Duration>> byAddress = count(addressKey(address), this.properties.maxFailuresPerAddress());
		return Mono.zip(byPair, byUsername, byAddress)
			.map((all) -> longest(all.getT1(), longest(all.getT2(), all.getT3())));
	}

	/**
	 * A successful login: forgets the username's failures and takes back the address's
	 * attempt; best effort.
	 */
	Mono<Void> succeeded(String username, String address) {
		// One key per command, so that it works on a Redis Cluster too.
		Mono<Void> forget = this.redis.delete(usernameKey(username)).then();
		Mono<Void> forgetPair = this.redis.delete(pairKey(username, address)).then();
		Mono<Void> refund = this.redis.execute(this.refundScript, List.of(addressKey(address))).then();
		return Mono.when(forget, forgetPair, refund)
			.timeout(this.properties.redisTimeout())
			.doOnError((ex) -> logger.warn("Could not clear the login attempts of '{}' in Redis: {}", username,
					ex.toString()))
			.onErrorResume((ex) -> Mono.empty());
	}

	private Mono<Optional<Duration>> count(String key, int limit) {
		Flux<List<Long>> result = this.redis.execute(this.countScript, List.of(key),
				List.of(Long.toString(this.properties.window().toMillis())));
		return result.next().timeout(this.properties.redisTimeout()).map((counter) -> {
			long attempts = counter.get(0);
			long ttlMillis = counter.get(1);
			return (attempts > limit) ? Optional.of(Duration.ofMillis(Math.max(ttlMillis, 1)))
					: Optional.<Duration>empty();
		}).defaultIfEmpty(Optional.empty()).onErrorResume((ex) -> {
			if (refusedByRedis(ex)) {
				logger.warn("Login refused (fails closed): Redis would not count {}: {}", key, ex.toString());
				return Mono.error(new LoginLimiterUnavailableException());
			}
			logger.warn("Login limiter skipped (fails open): Redis did not answer for {} within {}: {}", key,
					this.properties.redisTimeout(), ex.toString());
			return Mono.just(Optional.empty());
		});
	}

	/**
	 * An error reply from a Redis that is up (OOM, READONLY, MISCONF), as opposed to a
	 * timeout or lost link.
	 */
	static boolean refusedByRedis(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisCommandExecutionException) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
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
