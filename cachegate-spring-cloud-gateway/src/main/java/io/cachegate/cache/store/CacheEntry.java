package io.cachegate.cache.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One stored response.
 *
 * @param status the status a GET gets
 * @param headers the origin's headers worth replaying (hop-by-hop, cookies and the
 * gateway's own removed)
 * @param body the body bytes
 * @param storedAt when the gateway stored it (its age counts from here)
 * @param freshness how long it is fresh
 * @param staleWhileRevalidate window past freshness for serving it stale while refreshing
 * @param staleIfError window past freshness for serving it when the origin fails
 * @param keyMaterial the readable key, for the admin API
 * @param tags the tags whose invalidation kills it (its URI tag included)
 * @param staleRetention how long past freshness it is kept to be revalidated (RFC 9111
 * section 4.3, with a validator) or freshened by a {@code HEAD} (section 4.3.5, with or
 * without one); it is never served in that time without the origin's word
 */
public record CacheEntry(int status, List<Header> headers, byte[] body, Instant storedAt, Duration freshness,
		Duration staleWhileRevalidate, Duration staleIfError, String keyMaterial, List<String> tags,
		Duration staleRetention) {

	/**
	 * 2^53: the largest whole number a Lua script (whose numbers are doubles) compares
	 * exactly.
	 */
	static final long MAX_EXACT_VERSION = 1L << 53;

	public CacheEntry {
		headers = List.copyOf(headers);
		tags = List.copyOf(tags);
	}

	/** An entry kept no longer than its stale windows (not for revalidation). */
	public CacheEntry(int status, List<Header> headers, byte[] body, Instant storedAt, Duration freshness,
			Duration staleWhileRevalidate, Duration staleIfError, String keyMaterial, List<String> tags) {
		this(status, headers, body, storedAt, freshness, staleWhileRevalidate, staleIfError, keyMaterial, tags,
				Duration.ZERO);
	}

	/** One header line. */
	public record Header(String name, String value) {
	}

	/**
	 * How long Redis keeps it: fresh, then for the longest of its stale windows and its
	 * retention (for a conditional request or a {@code HEAD} to confirm it).
	 */
	Duration lifetime() {
		Duration stale = staleWhileRevalidate.compareTo(staleIfError) >= 0 ? staleWhileRevalidate : staleIfError;
		if (staleRetention.compareTo(stale) > 0) {
			stale = staleRetention;
		}
		return freshness.plus(stale);
	}

	/**
	 * Whether it can be revalidated: it has an {@code ETag} or a {@code Last-Modified}.
	 */
	public boolean hasValidator() {
		return etag() != null || lastModified() != null;
	}

	public String lastModified() {
		return header("Last-Modified");
	}

	public Duration age(Instant now) {
		Duration age = Duration.between(storedAt, now);
		return age.isNegative() ? Duration.ZERO : age;
	}

	public boolean isFresh(Instant now) {
		return age(now).compareTo(freshness) < 0;
	}

	public String etag() {
		return header("ETag");
	}

	/** The first value of a stored header, or null. */
	public String header(String name) {
		for (Header header : headers) {
			if (header.name().equalsIgnoreCase(name)) {
				return header.value();
			}
		}
		return null;
	}

	/**
	 * The numeric version in the ETag ({@code "42"} or {@code W/"42"}), used so an older
	 * representation never replaces a newer one; null when the ETag is absent or not a
	 * number.
	 */
	public Long version() {
		return versionOf(etag());
	}

	/**
	 * The numeric version an ETag carries, or null: absent, not a whole number, or beyond
	 * 2^53 (the Lua scripts compare versions as doubles, exact only up to there).
	 */
	public static Long versionOf(String etag) {
		if (etag == null) {
			return null;
		}
		String opaque = etag.startsWith("W/") ? etag.substring(2) : etag;
		opaque = opaque.replace("\"", "").trim();
		try {
			long version = Long.parseLong(opaque);
			return Math.abs(version) <= MAX_EXACT_VERSION ? version : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
