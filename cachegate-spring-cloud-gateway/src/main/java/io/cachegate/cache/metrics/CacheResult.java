package io.cachegate.cache.metrics;

import java.util.Locale;

/**
 * What the cache did with a read: the {@code result} tag of
 * {@code cachegate.cache.requests} and the {@code X-Cache} header the client sees.
 */
public enum CacheResult {

	/** Answered from a fresh entry. */
	HIT("HIT"),

	/**
	 * Answered from a stale entry (while it is refreshed, or because the origin failed).
	 */
	STALE("STALE"),

	/**
	 * Answered from a stale entry that the origin confirmed with a {@code 304}
	 * (conditional revalidation, RFC 9111 section 4.3): the body came from the cache.
	 */
	REVALIDATED("REVALIDATED"),

	/** Went to the origin, and its answer was stored. */
	MISS("MISS"),

	/** Went to the origin, and its answer could not be stored; the client sees a miss. */
	UNCACHEABLE("MISS"),

	/** The cache was not used (disabled, private path, Redis unavailable, a write). */
	BYPASS("BYPASS");

	private final String header;

	private final String tag;

	CacheResult(String header) {
		this.header = header;
		this.tag = name().toLowerCase(Locale.ROOT);
	}

	/** The {@code X-Cache} value. */
	public String header() {
		return header;
	}

	/** The meter tag value. */
	public String tag() {
		return tag;
	}

	/** Whether the answer came from an entry. */
	public boolean served() {
		return this == HIT || this == STALE || this == REVALIDATED;
	}

}
