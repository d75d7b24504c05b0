package io.cachegate.cache.store;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where cache entries live, and how a change kills them. Implementations never fail: a
 * store that cannot answer reports {@link Lookup.Unavailable}, a skipped store or
 * {@link InvalidationOutcome#UNAVAILABLE}, and the request goes on to the origin.
 * {@link RedisCacheStore} is the shared store; the near cache decorates it.
 */
public interface CacheStore {

	/** What a lookup found. */
	sealed interface Lookup {

		/** A live entry; {@code sequence} is the snapshot for refreshing it. */
		record Hit(CacheEntry entry, long ttlMillis, long sequence) implements Lookup {
		}

		/**
		 * Nothing usable; {@code sequence} is the snapshot for storing the origin's
		 * answer.
		 */
		record Miss(long sequence) implements Lookup {
		}

		/**
		 * The URL's answers vary on other request headers than the key was built with
		 * ({@link CacheKey#varyNames()}): {@code names} are the ones they vary on (empty:
		 * none), so the caller builds the key again and looks up once more;
		 * {@code sequence} is the snapshot, as for a miss.
		 */
		record Varies(String names, long sequence) implements Lookup {
		}

		/** The store could not be asked: bypass the cache. */
		record Unavailable() implements Lookup {
		}

	}

	/**
	 * A representation to write through, with the sequence of its bucket read before the
	 * write reached the origin ({@link Sequences#of}).
	 */
	record WriteThrough(CacheKey key, long snapshot, CacheEntry entry) {
	}

	/**
	 * The invalidation sequences of a route's buckets at one moment, in bucket order: a
	 * write reads them before it goes to the origin, when it cannot know yet which bucket
	 * the representation it writes through will live in.
	 */
	record Sequences(List<Long> byBucket) {

		public Sequences {
			byBucket = List.copyOf(byBucket);
		}

		/** The snapshot for an entry of {@code key}: its bucket's sequence. */
		public long of(CacheKey key) {
			return byBucket.get(key.bucket());
		}

	}

	/**
	 * Connects ahead of the first request, so that the first requests after start-up do
	 * not pay the connection set-up.
	 */
	Mono<Void> warmUp();

	/** The entry of {@code key}, with the route's sequence as the snapshot. */
	Mono<Lookup> lookup(CacheKey key);

	/**
	 * The entry of {@code key} when this store holds it in memory, answered at once and
	 * without I/O; null when only {@link #lookup} can say.
	 */
	default Lookup.Hit held(CacheKey key) {
		return null;
	}

	/** Stores a read's answer under the lookup's snapshot; true when stored. */
	Mono<Boolean> store(CacheKey key, long snapshot, CacheEntry entry);

	/**
	 * Stores like {@link #store} and says when: the route's sequence at the moment the
	 * entry was stored (it was alive then, so a request whose lookup saw that sequence or
	 * an earlier one may be served it), or -1 when it was not stored (refused, or the
	 * store could not be asked).
	 */
	Mono<Long> storeAt(CacheKey key, long snapshot, CacheEntry entry);

	/**
	 * Removes the entry of {@code key}, whatever it holds: for an answer the origin said
	 * no longer describes its resource (RFC 9111 section 4.3.5). Removing too much costs
	 * a miss, never a wrong answer. True when an entry was removed; false when there was
	 * none or the store could not be asked.
	 */
	Mono<Boolean> remove(CacheKey key);

	/**
	 * The invalidation sequences of the route's buckets now, empty when the store cannot
	 * say.
	 */
	Mono<Sequences> sequences(String route);

	/**
	 * Records a change (see {@link Invalidation}) and optionally writes the new
	 * representation through.
	 * @param writeThrough null, or the entry to store with the snapshot taken before the
	 * write
	 * @return what the store did, {@link InvalidationOutcome#UNAVAILABLE} when it could
	 * not be asked
	 */
	Mono<InvalidationOutcome> invalidate(String route, Invalidation invalidation, WriteThrough writeThrough);

}
