package io.cachegate.cache.near;

import java.util.Collection;
import java.util.List;

import reactor.core.publisher.Mono;

import io.cachegate.cache.store.Invalidation;

/**
 * Invalidation from outside the request path (the change stream): the same Redis script
 * as a write's invalidation, then this instance's near cache. Fails with
 * {@link InvalidationFailedException} when Redis could not take it, so the caller can
 * retry instead of losing the invalidation.
 */
public final class CacheInvalidation {

	/** The tag every entry carries implicitly: {@link Invalidation#ALL}. */
	public static final String ALL = Invalidation.ALL;

	private final NearCachingStore store;

	public CacheInvalidation(NearCachingStore store) {
		this.store = store;
	}

	/**
	 * Records a change on a route, in Redis then in this instance's near cache (see
	 * {@link Invalidation}).
	 */
	public Mono<Void> invalidate(String route, Invalidation invalidation) {
		return invalidation.isEmpty() ? Mono.empty() : store.invalidateChange(route, invalidation);
	}

	/**
	 * Drops everything cached for a route, in Redis and in this instance's near cache.
	 */
	public Mono<Void> invalidateAll(String route) {
		return store.invalidateChange(route, Invalidation.of(List.of(ALL)));
	}

	/** Redis could not take an invalidation. */
	public static final class InvalidationFailedException extends RuntimeException {

		public InvalidationFailedException(String route, Collection<String> tags) {
			super("Redis did not take the invalidation of " + tags + " on route " + route);
		}

	}

}
