package io.cachegate.gateway.cache;

import java.util.Collection;
import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Invalidation from outside the request path (the change stream): the same Redis script as a write's invalidation,
 * then this instance's near cache. Fails with {@link InvalidationFailedException} when Redis could not take it, so
 * the caller can retry instead of losing the invalidation.
 */
public final class CacheInvalidation {

	/**
	 * The tag every entry carries implicitly (the Lua scripts check it with the entry's own tags), so invalidating it
	 * drops all of a route's entries at once: O(1), and race-free like any tag.
	 */
	public static final String ALL = "*";

	private final NearCachingStore store;

	CacheInvalidation(NearCachingStore store) {
		this.store = store;
	}

	/** Invalidates tags of a route, in Redis then in this instance's near cache. */
	public Mono<Void> invalidate(String route, Collection<String> tags) {
		return tags.isEmpty() ? Mono.empty() : store.invalidateTags(route, tags);
	}

	/**
	 * Whether the event is the echo of a write through a gateway that already invalidated its tags and wrote the new
	 * representation through: then Redis must be left alone (the entry there is that representation), only near
	 * caches are evicted.
	 */
	public Mono<Boolean> isEchoOfAWrite(String route, long version, Collection<String> tags, String eventId) {
		return store.isEcho(route, version, tags, eventId);
	}

	/** Evicts tags from this instance's near cache only (Redis already holds the right state). */
	public void evictNearCache(String route, Collection<String> tags) {
		store.evictNear(route, tags);
	}

	/** Drops everything cached for a route, in Redis and in this instance's near cache. */
	public Mono<Void> invalidateAll(String route) {
		return store.invalidateTags(route, List.of(ALL));
	}

	/** Redis could not take an invalidation. */
	public static final class InvalidationFailedException extends RuntimeException {

		InvalidationFailedException(String route, Collection<String> tags) {
			super("Redis did not take the invalidation of " + tags + " on route " + route);
		}

	}

}
