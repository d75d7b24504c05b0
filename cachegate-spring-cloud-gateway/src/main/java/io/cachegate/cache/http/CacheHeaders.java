package io.cachegate.cache.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

import org.springframework.http.HttpHeaders;

import io.cachegate.cache.store.CacheEntry;

/**
 * The cache's header rules: the headers the gateway adds ({@code X-Cache},
 * {@code Cache-Status}), the internal ones it strips ({@code Cache-Tag},
 * {@code Cachegate-Invalidate}, {@code Cachegate-Cache-Control}), which headers an entry
 * replays, and an answer's tags.
 */
public final class CacheHeaders {

	public static final String X_CACHE = "X-Cache";

	public static final String CACHE_STATUS = "Cache-Status";

	public static final String CACHE_TAG = "Cache-Tag";

	private static final int MAX_TAGS = 64;

	private static final int MAX_TAG_LENGTH = 256;

	/**
	 * Headers never replayed from an entry: per connection, per client, per request, or
	 * the gateway's own.
	 */
	private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "set-cookie",
			"age", "cache-tag", "cachegate-invalidate", "cachegate-cache-control", "x-cache", "cache-status",
			"x-request-id", "location");

	private CacheHeaders() {
	}

	/** Removes the headers meant for the gateway alone, never for the client. */
	public static void stripInternal(HttpHeaders headers) {
		headers.remove(CACHE_TAG);
		headers.remove(WriteInvalidation.INVALIDATE);
		headers.remove(Storability.TARGETED_FIELD);
	}

	/** The headers an entry keeps and replays on every hit. */
	public static List<CacheEntry.Header> storedHeaders(HttpHeaders headers) {
		List<CacheEntry.Header> kept = new ArrayList<>();
		headers.forEach((name, values) -> {
			if (!NOT_STORED.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach(value -> kept.add(new CacheEntry.Header(name, value)));
			}
		});
		return kept;
	}

	/**
	 * The response's {@code Cache-Tag}s (bounded in number and length), plus the URI tag
	 * of the path.
	 */
	public static List<String> tags(HttpHeaders headers, String path) {
		Set<String> tags = new LinkedHashSet<>();
		tags.add(CacheKeys.uriTag(path));
		headerTags(headers, CACHE_TAG, tags);
		return List.copyOf(tags);
	}

	/**
	 * Adds the tags of a comma-separated tag header to {@code tags}, which holds at most
	 * {@code MAX_TAGS}.
	 */
	public static void headerTags(HttpHeaders headers, String name, Set<String> tags) {
		List<String> lines = headers.get(name);
		if (lines == null) {
			return;
		}
		for (String line : lines) {
			for (String tag : line.split(",")) {
				String trimmed = tag.trim();
				if (!trimmed.isEmpty() && trimmed.length() <= MAX_TAG_LENGTH && trimmed.indexOf('\n') < 0
						&& tags.size() < MAX_TAGS) {
					tags.add(trimmed);
				}
			}
		}
	}

	/**
	 * Whether a client's conditional GET or HEAD is answered with a 304 from a stored
	 * entry (RFC 9111 section 4.3.2, RFC 9110 sections 13.1.2, 13.1.3 and 13.2.2):
	 * {@code If-None-Match} when the request has one (weak comparison), else
	 * {@code If-Modified-Since}, a valid HTTP date no earlier than the entry's
	 * {@code Last-Modified}, or its {@code Date} when it has none, or when it was stored.
	 * @param ifNoneMatch the request's {@code If-None-Match} lines (null or empty: none)
	 * @param ifModifiedSince the request's {@code If-Modified-Since}, or null
	 */
	public static boolean notModified(List<String> ifNoneMatch, String ifModifiedSince, CacheEntry entry) {
		if (ifNoneMatch != null && !ifNoneMatch.isEmpty()) {
			String etag = entry.etag();
			return etag != null && ifNoneMatchMatches(ifNoneMatch, etag);
		}
		if (ifModifiedSince == null) {
			return false;
		}
		OptionalLong since = HttpDates.parse(ifModifiedSince);
		if (since.isEmpty()) {
			return false;
		}
		String validator = entry.lastModified() != null ? entry.lastModified() : entry.header(HttpHeaders.DATE);
		long modified = HttpDates.parse(validator).orElse(entry.storedAt().toEpochMilli());
		return modified <= since.getAsLong();
	}

	/**
	 * RFC 9110 section 13.1.2: whether {@code If-None-Match} lines (null when none) match
	 * an entity tag, by weak comparison; {@code *} matches any current representation.
	 */
	static boolean ifNoneMatchMatches(List<String> lines, String etag) {
		if (lines == null || lines.isEmpty()) {
			return false;
		}
		String ours = opaque(etag);
		for (String line : lines) {
			for (String candidate : line.split(",")) {
				String trimmed = candidate.trim();
				if (trimmed.equals("*") || opaque(trimmed).equals(ours)) {
					return true;
				}
			}
		}
		return false;
	}

	static String opaque(String etag) {
		return etag.startsWith("W/") ? etag.substring(2) : etag;
	}

}
