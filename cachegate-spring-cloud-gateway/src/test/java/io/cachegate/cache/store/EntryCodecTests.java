package io.cachegate.cache.store;

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
	void roundTripsTextBeyondAscii() {
		CacheEntry entry = new CacheEntry(200,
				List.of(new CacheEntry.Header("Content-Disposition", "attachment; filename=\"S\u00e3o Paulo.txt\""),
						new CacheEntry.Header("X-Odd", "nul\u0000 and \uD83D\uDE00")),
				new byte[] { 1, 2, 3 }, Instant.ofEpochMilli(5), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO,
				"r GET /caf\u00e9", List.of("uri:/caf\u00e9"));
		CacheEntry decoded = EntryCodec.decode(EntryCodec.encode(entry));
		assertThat(decoded).usingRecursiveComparison().isEqualTo(entry);
	}

	@Test
	void decodesTheSameTextToTheSameStringOnOneThread() {
		CacheEntry entry = new CacheEntry(200, List.of(new CacheEntry.Header("Content-Type", "application/json")),
				new byte[0], Instant.EPOCH, Duration.ZERO, Duration.ZERO, Duration.ZERO, "material", List.of("t"));
		byte[] encoded = EntryCodec.encode(entry);

		CacheEntry first = EntryCodec.decode(encoded);
		CacheEntry second = EntryCodec.decode(encoded);

		assertThat(second.headers().get(0).value()).isSameAs(first.headers().get(0).value());
		assertThat(second.keyMaterial()).isSameAs(first.keyMaterial());
	}

	@Test
	void textsThatShareAHashEachDecodeToThemselves() {
		// "Aa" and "BB" have the same hash code, so they take the same slot of the
		// recent strings.
		CacheEntry entry = new CacheEntry(200,
				List.of(new CacheEntry.Header("X-One", "Aa"), new CacheEntry.Header("X-Two", "BB"),
						new CacheEntry.Header("X-Three", "Aa")),
				new byte[0], Instant.EPOCH, Duration.ZERO, Duration.ZERO, Duration.ZERO, "BB", List.of("Aa"));

		CacheEntry decoded = EntryCodec.decode(EntryCodec.encode(entry));

		assertThat(decoded).usingRecursiveComparison().isEqualTo(entry);
	}

	@Test
	void refusesATruncatedEntry() {
		CacheEntry entry = new CacheEntry(200, List.of(new CacheEntry.Header("ETag", "\"1\"")), new byte[] { 7, 7 },
				Instant.EPOCH, Duration.ZERO, Duration.ZERO, Duration.ZERO, "material", List.of("t"));
		byte[] encoded = EntryCodec.encode(entry);
		for (int length : new int[] { 2, 20, encoded.length - 9 }) {
			byte[] truncated = java.util.Arrays.copyOf(encoded, length);
			assertThatIllegalArgumentException().isThrownBy(() -> EntryCodec.decode(truncated))
				.withMessage("Corrupt cache entry");
		}
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
