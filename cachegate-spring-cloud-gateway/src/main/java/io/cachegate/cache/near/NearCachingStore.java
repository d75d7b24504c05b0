package io.cachegate.cache.near;

import java.time.Duration;

import reactor.core.publisher.Mono;

import io.cachegate.cache.near.CacheInvalidation;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore;
import io.cachegate.cache.store.Invalidation;
import io.cachegate.cache.store.InvalidationOutcome;

/**
 * The cache store with this instance's near cache (L1, {@link NearCache}) in front: a hit
 * held in memory costs no Redis round trip; a Redis hit is held for next time; a write
 * evicts its tags here once Redis took the invalidation.
 *
 * <h2>A write through one instance is never read stale through another once
 * acknowledged</h2> Another instance may hold the old representation in its near cache.
 * It read it from Redis before this write's invalidation was done there (after it, Redis
 * would have answered with the new one or a miss), and holds it at most {@code ttl} from
 * the moment it sent that lookup. So a write that waits {@code ttl} after its
 * invalidation before it is acknowledged (commit-wait,
 * {@code cachegate.cache.near.commit-wait}) leaves no instance able to serve the old
 * representation once the client has the answer. The change event of the write evicts it
 * everywhere much sooner in practice; the wait is what makes it a guarantee rather than a
 * likelihood, and it costs writes {@code ttl} of latency, reads nothing. (A decorator of
 * the shared {@link CacheStore}, so the Redis side keeps one owner.)
 */
public final class NearCachingStore implements CacheStore {

	private final CacheStore shared;

	private final NearCache nearCache;

	private final Duration writeWait;

	public NearCachingStore(CacheStore shared, NearCache nearCache, NearCacheProperties properties) {
		this.shared = shared;
		this.nearCache = nearCache;
		this.writeWait = properties.writeWait();
	}

	@Override
	public Mono<Void> warmUp() {
		return shared.warmUp();
	}

	@Override
	public Mono<Boolean> store(CacheKey key, long snapshot, CacheEntry entry) {
		return shared.store(key, snapshot, entry);
	}

	@Override
	public Mono<Long> storeAt(CacheKey key, long snapshot, CacheEntry entry) {
		return shared.storeAt(key, snapshot, entry);
	}

	/**
	 * Removes the entry in Redis; the near cache holds fresh entries only, and only stale
	 * ones are removed this way.
	 */
	@Override
	public Mono<Boolean> remove(CacheKey key) {
		return shared.remove(key);
	}

	@Override
	public Mono<Sequences> sequences(String route) {
		return shared.sequences(route);
	}

	@Override
	public Lookup.Hit held(CacheKey key) {
		return nearCache.get(key);
	}

	@Override
	public Mono<Lookup> lookup(CacheKey key) {
		Lookup.Hit held = nearCache.get(key);
		if (held != null) {
			// Completes at once; CacheFilter continues every lookup on the request's
			// event loop (RequestEventLoops).
			return Mono.just(held);
		}
		if (!nearCache.enabled()) {
			return shared.lookup(key);
		}
		return Mono.defer(() -> {
			// Taken before the lookup is sent: see NearCache for why both matter.
			long epoch = nearCache.evictionEpoch();
			long sentAt = System.nanoTime();
			return shared.lookup(key).doOnNext(lookup -> {
				if (lookup instanceof Lookup.Hit hit) {
					nearCache.put(key, epoch, sentAt, hit);
				}
			});
		});
	}

	@Override
	public Mono<InvalidationOutcome> invalidate(String route, Invalidation invalidation, WriteThrough writeThrough) {
		return shared.invalidate(route, invalidation, writeThrough).flatMap(outcome -> {
			// Local eviction only after Redis answered: a lookup sent after it reads
			// the new state. (When Redis did
			// not take it, PendingInvalidations holds the entries back.)
			nearCache.evict(route, invalidation);
			return writeWait.isZero() || !outcome.applied() ? Mono.just(outcome)
					: Mono.delay(writeWait).thenReturn(outcome);
		});
	}

	/**
	 * Invalidation for the change stream: Redis then this instance's near cache, without
	 * the write's wait; fails when Redis could not take it, so the caller retries.
	 */
	public Mono<Void> invalidateChange(String route, Invalidation invalidation) {
		return shared.invalidate(route, invalidation, null)
			.flatMap(outcome -> outcome.applied() ? Mono.<Void>empty()
					: Mono.<Void>error(new CacheInvalidation.InvalidationFailedException(route, invalidation.tags())))
			.then(Mono.fromRunnable(() -> {
				if (invalidation.tags().contains(CacheInvalidation.ALL)) {
					nearCache.clear();
				}
				else {
					nearCache.evict(route, invalidation);
				}
			}));
	}

}
