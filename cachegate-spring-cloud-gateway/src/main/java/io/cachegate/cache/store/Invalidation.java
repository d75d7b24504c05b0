package io.cachegate.cache.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a change made stale: tags, and for some of them the version the change brought. A
 * tag changed to version {@code v} kills only the entries that carry it with a version
 * below {@code v} (or none): an entry already holding {@code v} or later shows that
 * change, so it stays, whichever of a write's own invalidation and its change event
 * reaches Redis first. A tag without a version (a delete, a list, an operator's
 * invalidation) kills every entry that carries it.
 *
 * @param tags every tag to invalidate
 * @param versions the version of the change, for those of {@code tags} whose change has
 * one (a version beyond 2^53, which the Lua scripts cannot compare exactly, is dropped)
 */
public record Invalidation(Set<String> tags, Map<String, Long> versions) {

	/**
	 * The tag every entry carries implicitly (the Lua scripts check it with the entry's
	 * own tags), so invalidating it drops all of a route's entries at once: O(1), and
	 * race-free like any tag.
	 */
	public static final String ALL = "*";

	public Invalidation {
		tags = Set.copyOf(tags);
		// A version the Lua scripts cannot compare exactly is no version: invalidating
		// without one is always safe.
		Map<String, Long> exact = new LinkedHashMap<>(versions);
		exact.values().removeIf(version -> Math.abs(version) > CacheEntry.MAX_EXACT_VERSION);
		versions = Map.copyOf(exact);
		if (!tags.containsAll(versions.keySet())) {
			throw new IllegalArgumentException("versions " + versions + " name tags outside " + tags);
		}
	}

	/** Tags changed without a version: every entry carrying one of them is stale. */
	public static Invalidation of(Collection<String> tags) {
		return new Invalidation(Set.copyOf(tags), Map.of());
	}

	/** The version the change of {@code tag} brought, or null when it has none. */
	public Long version(String tag) {
		return versions.get(tag);
	}

	public boolean isEmpty() {
		return tags.isEmpty();
	}

}
