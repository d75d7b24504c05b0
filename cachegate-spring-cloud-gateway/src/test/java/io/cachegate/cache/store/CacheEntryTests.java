package io.cachegate.cache.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheEntryTests {

	@Test
	void anEntryStaysInRedisForItsRetentionWithOrWithoutAValidator() {
		Duration retention = Duration.ofMinutes(1);
		assertThat(entry(List.of(new CacheEntry.Header("ETag", "\"1\"")), retention).lifetime())
			.isEqualTo(Duration.ofSeconds(120));
		assertThat(entry(List.of(new CacheEntry.Header("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")), retention)
			.lifetime()).isEqualTo(Duration.ofSeconds(120));
		assertThat(entry(List.of(), retention).lifetime()).as("kept for a HEAD to freshen (RFC 9111 section 4.3.5)")
			.isEqualTo(Duration.ofSeconds(120));
		assertThat(entry(List.of(), Duration.ZERO).lifetime()).isEqualTo(Duration.ofSeconds(70));
		assertThat(entry(List.of(new CacheEntry.Header("ETag", "\"1\"")), Duration.ofSeconds(5)).lifetime())
			.as("a longer stale window wins")
			.isEqualTo(Duration.ofSeconds(70));
	}

	@Test
	void theRetentionRoundTripsAndAnEntryOfTheFormerFormatHasNone() {
		CacheEntry entry = entry(List.of(new CacheEntry.Header("ETag", "\"1\"")), Duration.ofSeconds(90));
		byte[] encoded = EntryCodec.encode(entry);
		assertThat(EntryCodec.decode(encoded)).usingRecursiveComparison().isEqualTo(entry);
		// Format 1: the same layout without the retention's eight bytes after the body.
		byte[] former = Arrays.copyOf(encoded, encoded.length - 8);
		former[0] = 1;
		CacheEntry decoded = EntryCodec.decode(former);
		assertThat(decoded.staleRetention()).isZero();
		assertThat(decoded.body()).isEqualTo(entry.body());
	}

	private static CacheEntry entry(List<CacheEntry.Header> headers, Duration retention) {
		return new CacheEntry(200, headers, "b".getBytes(), Instant.EPOCH, Duration.ofSeconds(60),
				Duration.ofSeconds(10), Duration.ofSeconds(5), "r GET /p", List.of("uri:/p"), retention);
	}

}
