package io.cachegate.cache.store;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.cachegate.cache.redis.RedisGuard;
import io.cachegate.cache.store.CacheStore.WriteThrough;

import static io.cachegate.cache.store.ScriptValues.bytes;
import static io.cachegate.cache.store.ScriptValues.text;

/**
 * {@link RedisCacheStore}'s invalidations: a change recorded in every bucket of a route
 * (see {@link RedisKeys}) by the invalidation script, in parallel, the write-through
 * entry (if any) stored by its own bucket's script, atomically with that bucket's
 * invalidation.
 */
final class BucketInvalidations {

	/** The store's logger: its invalidations are the store's to report. */
	private static final Logger logger = LoggerFactory.getLogger(RedisCacheStore.class);

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final RedisGuard guard;

	private final RedisScript<List> invalidateScript;

	private final EntryTtl ttl;

	private final ToIntFunction<String> buckets;

	BucketInvalidations(ReactiveRedisTemplate<String, byte[]> redis, RedisGuard guard,
			RedisScript<List> invalidateScript, EntryTtl ttl, ToIntFunction<String> buckets) {
		this.redis = redis;
		this.guard = guard;
		this.invalidateScript = invalidateScript;
		this.ttl = ttl;
		this.buckets = buckets;
	}

	/** See {@link RedisCacheStore#invalidate}. */
	Mono<InvalidationOutcome> invalidate(String route, Invalidation invalidation, WriteThrough writeThrough) {
		List<String> tags = List.copyOf(invalidation.tags());
		List<String> buckets = RedisKeys.buckets(route, this.buckets.applyAsInt(route));
		String writeThroughBucket = writeThrough == null ? null : writeThrough.key().bucketPrefix();
		return Flux.fromIterable(buckets)
			.flatMap(bucket -> invalidate(bucket, tags, invalidation,
					bucket.equals(writeThroughBucket) ? writeThrough : null)
				.onErrorResume(ex -> {
					// The write succeeded at the origin but its entries in this bucket
					// could not be killed: the caller holds them back
					// (PendingInvalidations) or retries. Logged at WARN because it is the
					// one way the cache could serve data older than a write.
					logger.warn("Invalidation of {} on route {} failed in {}: {}", tags, route, bucket, ex.toString());
					return Mono.just(InvalidationOutcome.UNAVAILABLE);
				}), buckets.size())
			.reduce(InvalidationOutcome.INVALIDATED, BucketInvalidations::combine);
	}

	/** One bucket's invalidation script; fails when Redis could not be asked. */
	private Mono<InvalidationOutcome> invalidate(String bucket, List<String> tags, Invalidation invalidation,
			WriteThrough writeThrough) {
		String sequence = RedisKeys.sequence(bucket);
		List<String> keys = List.of(sequence, writeThrough != null ? writeThrough.key().redisKey() : sequence);
		List<String> versions = tags.stream().map(tag -> {
			Long version = invalidation.version(tag);
			return version == null ? "-" : version.toString();
		}).toList();
		List<byte[]> args = new ArrayList<>(9);
		args.add(bytes(RedisKeys.tagPrefix(bucket)));
		args.add(bytes(Long.toString(ttl.tagRetention().toMillis())));
		args.add(bytes(String.join("\n", tags)));
		args.add(bytes(String.join("\n", versions)));
		if (writeThrough == null) {
			args.add(bytes(""));
			args.add(bytes("0"));
			args.add(bytes(""));
			args.add(new byte[0]);
			args.add(bytes(""));
		}
		else {
			Long version = writeThrough.entry().version();
			args.add(bytes(Long.toString(writeThrough.snapshot())));
			args.add(bytes(Long.toString(ttl.of(writeThrough.entry()).toMillis())));
			args.add(bytes(String.join("\n", writeThrough.entry().tags())));
			args.add(EntryCodec.encode(writeThrough.entry()));
			args.add(bytes(version == null ? "" : version.toString()));
		}
		return guard.call(redis.execute(invalidateScript, keys, args).next())
			.map(result -> InvalidationOutcome.of(text(result.get(1))))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("no answer from " + bucket)));
	}

	/**
	 * The outcome of a route's invalidation from those of its buckets: unavailable when
	 * any bucket was; else what the write-through bucket's script did.
	 */
	static InvalidationOutcome combine(InvalidationOutcome sofar, InvalidationOutcome bucket) {
		if (sofar == InvalidationOutcome.UNAVAILABLE || bucket == InvalidationOutcome.INVALIDATED) {
			return sofar;
		}
		return bucket;
	}

}
