package io.cachegate.cache.near;

import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore.Lookup;
import io.cachegate.cache.store.Invalidation;

/**
 * The near cache (L1): live Redis hits held in this instance's memory for at most
 * {@code ttl}, so the hottest keys cost no Redis round trip. Bounded by weight (body and
 * header bytes), with Caffeine's statistics on Micrometer ({@code cache.gets},
 * {@code cache.evictions}, ... with {@code cache=l1}).
 *
 * <h2>Why it never holds what an invalidation killed</h2> The same design as Redis's,
 * locally: a counter ({@code epoch}) and a mark per stripe of tags (a fixed array: a tag
 * hashes to a stripe, so memory stays bounded whatever the number of tags; two tags
 * sharing a stripe only cost an extra miss). Evicting tags takes a new epoch and raises
 * their stripes' marks to it. A Redis lookup takes the epoch <em>before</em> it asks
 * Redis (its eviction epoch); the hit is held only if none of its tags' stripes was
 * marked after the epoch, and is served only while that stays true. So an eviction that
 * runs while a lookup is in flight kills what the lookup brings back, and an eviction is
 * O(number of tags), never a scan. Events and writes evict locally only after their Redis
 * invalidation is done, so a lookup sent after the local eviction reads Redis after the
 * invalidation.
 *
 * <h2>The staleness bound</h2> An entry's deadline is counted from the moment its lookup
 * was sent to Redis, not from when the answer came back; so whatever this instance holds
 * was live in Redis less than {@code ttl} ago.
 */
public final class NearCache {

	private static final int STRIPES = 1 << 16;

	/**
	 * Roughly what a held entry costs besides its body and header text (objects, arrays,
	 * the Caffeine node).
	 */
	private static final int OVERHEAD = 256;

	private final NearCacheProperties properties;

	private final Cache<String, Held> entries;

	private final AtomicLong epoch = new AtomicLong();

	/** Per stripe: the epoch of the last eviction without a version. */
	private final AtomicLongArray evictedAt = new AtomicLongArray(STRIPES);

	/**
	 * Per stripe: the epoch of the last eviction with a version, and the highest version
	 * ever evicted there.
	 */
	private final AtomicLongArray versionedAt = new AtomicLongArray(STRIPES);

	private final AtomicLongArray versions = new AtomicLongArray(STRIPES);

	/** The epoch of the last {@link #clear()}: every entry read before it is dead. */
	private final AtomicLong clearedAt = new AtomicLong();

	private final Clock clock;

	public NearCache(NearCacheProperties properties, MeterRegistry meters, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.entries = Caffeine.newBuilder()
			.maximumWeight(Math.max(1, properties.maxBytes().toBytes()))
			.weigher((String key, Held held) -> held.weight())
			.expireAfterWrite(properties.ttl().toNanos() + 1, TimeUnit.NANOSECONDS)
			// Eviction and expiry bookkeeping on the calling event loop, in small
			// amortized steps: handing it to the
			// common pool woke a pool thread for most writes, which cost more than the
			// work (measured: about 4% of
			// the CPU of a hit).
			.executor(Runnable::run)
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.entries, "l1");
	}

	boolean enabled() {
		return properties.enabled();
	}

	/** The eviction epoch for a lookup about to be sent to Redis. */
	long evictionEpoch() {
		return epoch.get();
	}

	/** A hit held here and still valid, else null. */
	Lookup.Hit get(CacheKey key) {
		if (!properties.enabled()) {
			return null;
		}
		Held held = entries.getIfPresent(key.redisKey());
		if (held == null) {
			return null;
		}
		if (System.nanoTime() - held.deadline() >= 0
				|| !alive(held.route(), held.hit().entry().tags(), held.epoch(), held.version())) {
			entries.asMap().remove(key.redisKey(), held);
			return null;
		}
		return held.hit();
	}

	/**
	 * Holds a live Redis hit.
	 * @param epoch {@link #evictionEpoch()} taken before the lookup
	 * @param sentAtNanos {@link System#nanoTime()} when the lookup was sent
	 */
	void put(CacheKey key, long epoch, long sentAtNanos, Lookup.Hit hit) {
		CacheEntry entry = hit.entry();
		// Stale entries are never held: the stale paths go to the origin and need Redis's
		// answer.
		long freshLeftNanos = entry.freshness().minus(entry.age(clock.instant())).toNanos();
		Long version = entry.version();
		if (!properties.enabled() || freshLeftNanos <= 0 || !alive(key.route(), entry.tags(), epoch, version)) {
			return;
		}
		long deadline = sentAtNanos + Math.min(properties.ttl().toNanos(), freshLeftNanos);
		entries.put(key.redisKey(), new Held(key.route(), hit, version, epoch, deadline, weigh(hit.entry())));
	}

	/**
	 * Kills every held entry carrying any of the tags (of that route), except, for a tag
	 * changed to a version, entries that already hold that version or a later one (see
	 * {@link Invalidation}).
	 */
	void evict(String route, Invalidation invalidation) {
		long next = epoch.incrementAndGet();
		for (String tag : invalidation.tags()) {
			int stripe = stripe(route, tag);
			Long version = invalidation.version(tag);
			if (version == null) {
				evictedAt.accumulateAndGet(stripe, next, Math::max);
			}
			else {
				// The version first: a reader that sees the new epoch sees it (volatile
				// order), never the epoch alone.
				versions.accumulateAndGet(stripe, version, Math::max);
				versionedAt.accumulateAndGet(stripe, next, Math::max);
			}
		}
	}

	/** Kills everything held. */
	void clear() {
		long next = epoch.incrementAndGet();
		clearedAt.accumulateAndGet(next, Math::max);
		entries.invalidateAll();
	}

	/**
	 * Alive unless an eviction after {@code epoch} names one of its tags' stripes:
	 * without a version, or with one above the entry's. A stripe remembers the highest
	 * version ever evicted in it (tags share stripes, so that is at least the version of
	 * the tag's own change): never too lenient, at worst one extra Redis lookup.
	 */
	private boolean alive(String route, Collection<String> tags, long epoch, Long version) {
		if (clearedAt.get() > epoch) {
			return false;
		}
		for (String tag : tags) {
			int stripe = stripe(route, tag);
			if (evictedAt.get(stripe) > epoch) {
				return false;
			}
			if (versionedAt.get(stripe) > epoch && (version == null || version < versions.get(stripe))) {
				return false;
			}
		}
		return true;
	}

	private static int stripe(String route, String tag) {
		int hash = route.hashCode() * 31 + tag.hashCode();
		return (hash ^ (hash >>> 16)) & (STRIPES - 1);
	}

	private static int weigh(CacheEntry entry) {
		long weight = OVERHEAD + entry.body().length + entry.keyMaterial().length() * 2L;
		for (CacheEntry.Header header : entry.headers()) {
			weight += (header.name().length() + header.value().length()) * 2L + 32;
		}
		for (String tag : entry.tags()) {
			weight += tag.length() * 2L + 16;
		}
		return (int) Math.min(Integer.MAX_VALUE, weight);
	}

	private record Held(String route, Lookup.Hit hit, Long version, long epoch, long deadline, int weight) {
	}

}
