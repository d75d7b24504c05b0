package io.cachegate.cache.store;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.lettuce.core.ScriptOutputType;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.cachegate.cache.redis.DirectScripts;
import io.cachegate.cache.redis.RedisGuard;

import static io.cachegate.cache.store.ScriptValues.bytes;
import static io.cachegate.cache.store.ScriptValues.number;
import static io.cachegate.cache.store.ScriptValues.text;

/**
 * The {@link CacheStore} on Redis: three Lua scripts (lookup, store, invalidate), each
 * one round trip, each through the {@link RedisGuard} (short timeout, circuit breaker).
 * Never fails: a Redis problem becomes {@link Lookup.Unavailable} or a skipped store, and
 * the request goes on to the origin.
 *
 * <h2>Why reads never put old data back</h2> A route's keys are split into buckets
 * ({@link RedisKeys}), each with its own sequence and tag marks; everything below holds
 * per bucket, and an invalidation runs in every bucket. Every invalidation takes a new
 * number from the bucket's sequence ({@code INCR cg:{route}:seq}) and sets the mark of
 * each tag it touches to that number. A lookup returns the sequence as it was before the
 * origin call (the snapshot). Storing the origin's answer succeeds only if none of the
 * answer's tags (its {@code Cache-Tag}s and its URI tag) has a mark above the snapshot,
 * that is, if no write touching it was invalidated since the read began; the entry is
 * stamped with the snapshot and is alive while all its tags' marks stay at or below the
 * stamp. A read that raced a write therefore either stores nothing or stores an entry the
 * write's invalidation already killed. The cost is exact, not coarse: only writes that
 * touch the answer's own tags prevent storing it, and invalidating a tag stays O(1).
 */
public final class RedisCacheStore implements CacheStore {

	private static final Logger logger = LoggerFactory.getLogger(RedisCacheStore.class);

	private static final String WARM_UP = RedisKeys.buckets("warm-up", 1).get(0);

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final RedisGuard guard;

	private final DirectScripts direct;

	private final RedisScript<List> lookupScript;

	private final RedisScript<Long> storeScript;

	private final ToIntFunction<String> maxVariants;

	private final ToIntFunction<String> buckets;

	private final EntryTtl ttl;

	private final BucketInvalidations invalidations;

	/**
	 * @param maxVariants the most variants a URL of a route may have, by route id
	 * @param buckets how many buckets a route's keys are split into, by route id (see
	 * {@link RedisKeys})
	 */
	public RedisCacheStore(ReactiveRedisTemplate<String, byte[]> redis, RedisGuard guard, DirectScripts direct,
			RedisScript<List> lookupScript, RedisScript<Long> storeScript, RedisScript<List> invalidateScript,
			Duration tagRetention, ToIntFunction<String> maxVariants, ToIntFunction<String> buckets, Clock clock) {
		this.maxVariants = maxVariants;
		this.buckets = buckets;
		this.direct = direct;
		this.redis = redis;
		this.guard = guard;
		this.lookupScript = lookupScript;
		this.storeScript = storeScript;
		this.ttl = new EntryTtl(tagRetention, clock);
		this.invalidations = new BucketInvalidations(redis, guard, invalidateScript, ttl, buckets);
	}

	@Override
	public Mono<Void> warmUp() {
		return Mono.fromRunnable(direct::connect)
			.subscribeOn(Schedulers.boundedElastic())
			.then(redis
				.execute(lookupScript, List.of(RedisKeys.entry(WARM_UP, "-"), RedisKeys.sequence(WARM_UP)),
						List.of(bytes(RedisKeys.tagPrefix(WARM_UP))))
				.then())
			.timeout(Duration.ofSeconds(10))
			.doOnError(ex -> logger.warn("Redis is not reachable at start-up; the cache is bypassed until it is: {}",
					ex.toString()))
			.onErrorResume(ex -> Mono.empty());
	}

	@Override
	public Mono<Lookup> lookup(CacheKey key) {
		return lookupCall(key).map(RedisCacheStore::toLookup)
			.doOnNext(lookup -> logger.debug("Lookup of {}: {}", key.material(), lookup))
			.onErrorResume(ex -> {
				logger.debug("Cache lookup bypassed: {}", ex.toString());
				return Mono.just(new Lookup.Unavailable());
			})
			.defaultIfEmpty(new Lookup.Unavailable());
	}

	/**
	 * The lookup script's call: on the direct connections once they are open (the cheap
	 * way, see {@link DirectScripts}), else through the template.
	 */
	private Mono<List<?>> lookupCall(CacheKey key) {
		if (direct.ready()) {
			byte[][] keys = { bytes(key.redisKey()), bytes(RedisKeys.sequence(key.bucketPrefix())),
					bytes(key.varyRecordKey()) };
			return direct.run(lookupScript, ScriptOutputType.MULTI, keys,
					bytes(RedisKeys.tagPrefix(key.bucketPrefix())), bytes(key.varyNames()));
		}
		direct.connectInBackground();
		return guard.call(redis
			.execute(lookupScript, List.of(key.redisKey(), RedisKeys.sequence(key.bucketPrefix()), key.varyRecordKey()),
					List.of(bytes(RedisKeys.tagPrefix(key.bucketPrefix())), bytes(key.varyNames())))
			.next()
			.map(result -> (List<?>) result));
	}

	private static Lookup toLookup(List<?> result) {
		String kind = text(result.get(0));
		if ("H".equals(kind)) {
			byte[] payload = (byte[]) result.get(1);
			try {
				return new Lookup.Hit(EntryCodec.decode(payload), number(result.get(2)), number(result.get(3)));
			}
			catch (IllegalArgumentException ex) {
				// An entry from another format version: treat as absent; the next store
				// replaces it.
				return new Lookup.Miss(number(result.get(3)));
			}
		}
		if ("V".equals(kind)) {
			return new Lookup.Varies(text(result.get(1)), number(result.get(2)));
		}
		return new Lookup.Miss(number(result.get(1)));
	}

	@Override
	public Mono<Boolean> store(CacheKey key, long snapshot, CacheEntry entry) {
		return storeAt(key, snapshot, entry).map(sequence -> sequence >= 0);
	}

	/**
	 * Stores like {@link #store} and says when: the route's sequence at the moment the
	 * entry was stored (it was alive then, so a request whose lookup saw that sequence or
	 * an earlier one may be served it), or -1 when it was not stored (refused, or Redis
	 * could not be asked).
	 */
	@Override
	public Mono<Long> storeAt(CacheKey key, long snapshot, CacheEntry entry) {
		Long version = entry.version();
		List<byte[]> args = List.of(bytes(RedisKeys.tagPrefix(key.bucketPrefix())), bytes(Long.toString(snapshot)),
				bytes(Long.toString(ttl.of(entry).toMillis())), bytes(String.join("\n", entry.tags())),
				EntryCodec.encode(entry), bytes(version == null ? "" : version.toString()), bytes(key.varyNames()),
				bytes(Integer.toString(maxVariants.applyAsInt(key.route()))));
		return guard
			.call(redis
				.execute(storeScript,
						List.of(key.redisKey(), RedisKeys.sequence(key.bucketPrefix()), key.varyRecordKey()), args)
				.next())
			.map(result -> result - 1)
			.doOnNext(sequence -> logger.debug("Store of {} at snapshot {}: {}", key.material(), snapshot,
					sequence >= 0 ? "stored" : "refused (invalidated meanwhile or a newer version is kept)"))
			.onErrorResume(ex -> {
				logger.debug("Cache store skipped: {}", ex.toString());
				return Mono.just(-1L);
			})
			.defaultIfEmpty(-1L);
	}

	@Override
	public Mono<Boolean> remove(CacheKey key) {
		return guard.call(redis.delete(key.redisKey())).map(removed -> removed > 0).onErrorResume(ex -> {
			logger.debug("Cache removal skipped: {}", ex.toString());
			return Mono.just(false);
		}).defaultIfEmpty(false);
	}

	@Override
	public Mono<Sequences> sequences(String route) {
		List<String> keys = RedisKeys.buckets(route, buckets.applyAsInt(route))
			.stream()
			.map(RedisKeys::sequence)
			.toList();
		// One MGET: on a cluster Lettuce splits it by slot and asks the masters in
		// parallel.
		return guard.call(redis.opsForValue().multiGet(keys))
			.map(values -> new Sequences(values.stream()
				.map(value -> value == null ? 0L : Long.parseLong(new String(value, StandardCharsets.US_ASCII)))
				.toList()))
			.onErrorResume(ex -> Mono.empty());
	}

	/**
	 * Records a change in Redis (see {@link Invalidation}) in every bucket of the route,
	 * in parallel, and optionally writes the new representation through, in its own
	 * bucket's script (atomically with that bucket's invalidation).
	 * @param writeThrough null, or the entry to store with the snapshot of its bucket
	 * taken before the write
	 * @return what the write-through bucket's script did
	 * ({@link InvalidationOutcome#INVALIDATED} without one),
	 * {@link InvalidationOutcome#UNAVAILABLE} when any bucket could not be asked (the
	 * others did take it)
	 */
	@Override
	public Mono<InvalidationOutcome> invalidate(String route, Invalidation invalidation, WriteThrough writeThrough) {
		return invalidations.invalidate(route, invalidation, writeThrough);
	}

}
