package io.cachegate.gateway.cache.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EntryCodecTests {

	@Test
	void roundTripsEveryField() {
		CacheEntry entry = new CacheEntry(203,
				List.of(new CacheEntry.Header("Content-Type", "application/json"),
						new CacheEntry.Header("ETag", "W/\"7\"")),
				"{\"a\":1}".getBytes(StandardCharsets.UTF_8), Instant.ofEpochMilli(1_700_000_000_123L),
				Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(300), "users GET /users/1 role=USER",
				List.of("uri:/users/1", "user:1"));
		byte[] encoded = EntryCodec.encode(entry);
		CacheEntry decoded = EntryCodec.decode(encoded);
		assertThat(decoded).usingRecursiveComparison().isEqualTo(entry);
		assertThat(decoded.version()).isEqualTo(7L);
		assertThat(encoded.length).isLessThan(200);
	}

	@Test
	void refusesAnotherFormat() {
		assertThatIllegalArgumentException().isThrownBy(() -> EntryCodec.decode(new byte[] { 9, 0, 0 }));
	}

	@Test
	void nonNumericEtagHasNoVersion() {
		CacheEntry entry = new CacheEntry(200, List.of(new CacheEntry.Header("ETag", "\"abc\"")), new byte[0],
				Instant.EPOCH, Duration.ZERO, Duration.ZERO, Duration.ZERO, "", List.of());
		assertThat(entry.version()).isNull();
	}

}
