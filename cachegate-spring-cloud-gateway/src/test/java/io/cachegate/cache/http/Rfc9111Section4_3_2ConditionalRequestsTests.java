package io.cachegate.cache.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cachegate.cache.store.CacheEntry.Header;
import io.cachegate.cache.store.CacheEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 section 4.3.2, a client's conditional request answered from a fresh entry:
 * {@code If-None-Match} by weak comparison and, only without it,
 * {@code If-Modified-Since} against the entry's {@code Last-Modified}, else its
 * {@code Date}, else when it was stored.
 */
class Rfc9111Section4_3_2ConditionalRequestsTests {

	private static final Instant STORED = Instant.parse("2026-06-01T12:00:00Z");

	private static final String MODIFIED = "Mon, 01 Jun 2026 11:00:00 GMT";

	@Test
	void ifNoneMatchComparesWeaklyAndDecidesAlone() {
		CacheEntry entry = entry(new Header("ETag", "W/\"abc\""), new Header("Last-Modified", MODIFIED));
		assertThat(CacheHeaders.notModified(List.of("\"abc\""), null, entry)).isTrue();
		assertThat(CacheHeaders.notModified(List.of("\"x\", W/\"abc\""), null, entry)).isTrue();
		assertThat(CacheHeaders.notModified(List.of("*"), null, entry)).isTrue();
		assertThat(CacheHeaders.notModified(List.of("\"other\""), "Mon, 01 Jun 2026 11:30:00 GMT", entry))
			.as("If-Modified-Since is not looked at when If-None-Match is there")
			.isFalse();
	}

	@Test
	void ifModifiedSinceComparesWithLastModified() {
		CacheEntry entry = entry(new Header("Last-Modified", MODIFIED));
		assertThat(CacheHeaders.notModified(null, MODIFIED, entry)).isTrue();
		assertThat(CacheHeaders.notModified(List.of(), "Mon, 01 Jun 2026 11:30:00 GMT", entry)).isTrue();
		assertThat(CacheHeaders.notModified(null, "Monday, 01-Jun-26 11:30:00 GMT", entry)).as("RFC 850").isTrue();
		assertThat(CacheHeaders.notModified(null, "Mon, 01 Jun 2026 10:59:59 GMT", entry)).isFalse();
		assertThat(CacheHeaders.notModified(null, "yesterday", entry)).as("not a date: ignored").isFalse();
		assertThat(CacheHeaders.notModified(null, null, entry)).isFalse();
	}

	@Test
	void withoutLastModifiedTheDateElseTheTimeItWasStoredStandsIn() {
		CacheEntry dated = entry(new Header("Date", MODIFIED));
		assertThat(CacheHeaders.notModified(null, MODIFIED, dated)).isTrue();
		assertThat(CacheHeaders.notModified(null, "Mon, 01 Jun 2026 10:00:00 GMT", dated)).isFalse();
		CacheEntry undated = entry();
		assertThat(CacheHeaders.notModified(null, "Mon, 01 Jun 2026 12:00:00 GMT", undated)).isTrue();
		assertThat(CacheHeaders.notModified(null, "Mon, 01 Jun 2026 11:59:59 GMT", undated)).isFalse();
	}

	private static CacheEntry entry(Header... headers) {
		return new CacheEntry(200, List.of(headers), new byte[0], STORED, Duration.ofMinutes(1), Duration.ZERO,
				Duration.ZERO, "m", List.of());
	}

}
