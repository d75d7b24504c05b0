package io.cachegate.cache.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntryTtlTests {

	private static final Instant STORED = Instant.parse("2026-01-01T12:00:00Z");

	@Test
	void keepsAnEntryForWhatIsLeftOfItsLifetime() {
		assertThat(ttlAt(STORED.plusSeconds(20), Duration.ofHours(1)).of(entry())).isEqualTo(Duration.ofSeconds(50));
	}

	@Test
	void neverLongerThanTheTagRetention() {
		assertThat(ttlAt(STORED, Duration.ofSeconds(30)).of(entry())).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void atLeastAMillisecondForAnEntryAtItsEnd() {
		assertThat(ttlAt(STORED.plusSeconds(600), Duration.ofHours(1)).of(entry())).isEqualTo(Duration.ofMillis(1));
	}

	private static EntryTtl ttlAt(Instant now, Duration tagRetention) {
		return new EntryTtl(tagRetention, Clock.fixed(now, ZoneOffset.UTC));
	}

	/** Fresh for 60 seconds, then 10 seconds of stale-while-revalidate. */
	private static CacheEntry entry() {
		return new CacheEntry(200, List.of(), "b".getBytes(), STORED, Duration.ofSeconds(60), Duration.ofSeconds(10),
				Duration.ofSeconds(5), "r GET /p", List.of("uri:/p"));
	}

}
