package io.cachegate.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.cachegate.gateway.redis.RedisGuard;

/**
 * The cache store with this instance's near cache (L1, {@link NearCache}) in front: a hit held in memory costs no
 * Redis round trip; a Redis hit is held for next time; a write evicts its tags here once Redis took the
 * invalidation.
 *
 * <h2>A write through one instance is never read stale through another once acknowledged</h2> Another instance may
 * hold the old representation in its near cache. It read it from Redis before this write's invalidation was done
 * there (after it, Redis would have answered with the new one or a miss), and holds it at most {@code ttl} from the
 * moment it sent that lookup. So a write that waits {@code ttl} after its invalidation before it is acknowledged
 * (commit-wait, {@code cachegate.l1.commit-wait}) leaves no instance able to serve the old representation once the
 * client has the answer. The change event of the write evicts it everywhere much sooner in practice; the wait is
 * what makes it a guarantee rather than a likelihood, and it costs writes {@code ttl} of latency, reads nothing.
 * (A subclass rather than an edit of {@link CacheStore}, so the Redis side keeps one owner.)
 */
final class NearCachingStore extends CacheStore {

	private static final String URI_TAG_PREFIX = CacheKeys.uriTag("");

	/** How long a write's echo is waited for; later, the echo invalidates like any event (safe, one more miss). */
	private static final Duration ECHO_WINDOW = Duration.ofMinutes(1);

	private final NearCache nearCache;

	private final Duration writeWait;

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final RedisGuard guard;

	private final RedisScript<Long> echoScript;

	NearCachingStore(ReactiveRedisTemplate<String, byte[]> redis, RedisGuard guard, RedisScript<List> lookupScript,
			RedisScript<Long> storeScript, RedisScript<List> invalidateScript, Duration tagRetention,
			RedisScript<Long> echoScript, NearCache nearCache, NearCacheProperties properties) {
		super(redis, guard, lookupScript, storeScript, invalidateScript, tagRetention);
		this.redis = redis;
		this.guard = guard;
		this.echoScript = echoScript;
		this.nearCache = nearCache;
		this.writeWait = properties.writeWait();
	}

	@Override
	Mono<Lookup> lookup(CacheKey key) {
		Lookup.Hit held = nearCache.get(key);
		if (held != null) {
			// Completes at once; CacheFilter continues every lookup on the request's event loop (RequestEventLoops).
			return Mono.just(held);
		}
		if (!nearCache.enabled()) {
			return super.lookup(key);
		}
		return Mono.defer(() -> {
			// Taken before the lookup is sent: see NearCache for why both matter.
			long stamp = nearCache.stamp();
			long sentAt = System.nanoTime();
			return super.lookup(key).doOnNext(lookup -> {
				if (lookup instanceof Lookup.Hit hit) {
					nearCache.put(key, stamp, sentAt, hit);
				}
			});
		});
	}

	@Override
	Mono<String> invalidate(String route, Collection<String> tags, WriteThrough writeThrough) {
		return super.invalidate(route, tags, writeThrough).flatMap(outcome -> {
			// Local eviction only after Redis took the invalidation: a lookup stamped after it reads the new state.
			nearCache.evict(route, tags);
			Mono<String> done = Mono.just(outcome);
			if ("stored".equals(outcome) && writeThrough.entry().version() != null) {
				done = expectEcho(route, writeThrough.entry().version(), tags).thenReturn(outcome);
			}
			if (writeWait.isZero() || "unavailable".equals(outcome)) {
				return done;
			}
			return done.delayUntil(ignored -> Mono.delay(writeWait));
		});
	}

	/**
	 * Marks a write-through as expecting its own change event back from the service (its echo: same tags, same
	 * version). Without this, the echo would invalidate the entry just written through, a few milliseconds after the
	 * write, and the writer's next read would miss. Set only after the invalidation succeeded, so it can never
	 * suppress an invalidation that did not happen; the URI tags are the gateway's own and never in an event.
	 */
	private Mono<Void> expectEcho(String route, long version, Collection<String> tags) {
		String key = echoKey(route, version, tags);
		return guard.call(redis.opsForValue().set(key, "pending".getBytes(StandardCharsets.US_ASCII), ECHO_WINDOW))
			.onErrorResume(ex -> Mono.just(false))
			.then();
	}

	/**
	 * Whether a change event is the echo of a write this gateway already invalidated (see {@link #expectEcho}): the
	 * first event with the same tags and version claims it; any doubt (Redis error, no mark) means no.
	 */
	Mono<Boolean> isEcho(String route, long version, Collection<String> tags, String eventId) {
		return guard
			.call(redis.execute(echoScript, List.of(echoKey(route, version, tags)),
					List.of(eventId.getBytes(StandardCharsets.UTF_8)))
				.next())
			.map(result -> result == 1L)
			.onErrorResume(ex -> Mono.just(false))
			.defaultIfEmpty(false);
	}

	/** Evicts tags from this instance's near cache only. */
	void evictNear(String route, Collection<String> tags) {
		nearCache.evict(route, tags);
	}

	static String echoKey(String route, long version, Collection<String> tags) {
		String sequence = RedisKeys.sequence(route);
		String slot = sequence.substring(0, sequence.length() - ":seq".length());
		return slot + ":echo:" + version + ":" + String.join(",",
				new TreeSet<>(tags.stream().filter(tag -> !tag.startsWith(URI_TAG_PREFIX)).toList()));
	}

	/**
	 * Invalidation for the change stream: Redis then this instance's near cache, without the write's wait; fails
	 * when Redis could not take it, so the caller retries.
	 */
	Mono<Void> invalidateTags(String route, Collection<String> tags) {
		return super.invalidate(route, tags, null).flatMap(outcome -> "unavailable".equals(outcome)
				? Mono.<Void>error(new CacheInvalidation.InvalidationFailedException(route, tags)) : Mono.<Void>empty())
			.then(Mono.fromRunnable(() -> {
				if (tags.contains(CacheInvalidation.ALL)) {
					nearCache.clear();
				}
				else {
					nearCache.evict(route, tags);
				}
			}));
	}

}
