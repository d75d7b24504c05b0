package io.cachegate.cache.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * What this process last saw of the request headers each URL's answers vary on (RFC 9111
 * section 4.1), by the URL's vary record key: the names a lookup builds its key with, so
 * that a hit on a variant stays one Redis round trip. Only a hint: the lookup script
 * compares it with the URL's vary record in Redis and answers with the true names when
 * they differ ({@code Lookup.Varies}), and the caller looks up once more. Shared by every
 * path that builds keys (the fast path included, which builds them with the same static
 * {@link CacheKeys#key}); bounded, so many URLs cost a second lookup now and then, never
 * memory.
 */
final class VaryHints {

	private static final Cache<String, String> NAMES = Caffeine.newBuilder().maximumSize(100_000).build();

	private VaryHints() {
	}

	/** The names last seen for the URL, or empty. */
	static String names(String varyRecordKey) {
		String names = NAMES.getIfPresent(varyRecordKey);
		return names != null ? names : "";
	}

	/** Remembers the names the URL's answers vary on (empty: none). */
	static void remember(String varyRecordKey, String names) {
		if (names.isEmpty()) {
			NAMES.invalidate(varyRecordKey);
		}
		else {
			NAMES.put(varyRecordKey, names);
		}
	}

}
