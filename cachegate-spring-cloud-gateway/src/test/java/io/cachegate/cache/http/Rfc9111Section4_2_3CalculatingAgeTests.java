package io.cachegate.cache.http;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static io.cachegate.cache.http.StorabilityTests.NOW;
import static io.cachegate.cache.http.StorabilityTests.decide;
import static io.cachegate.cache.http.StorabilityTests.headers;
import static org.assertj.core.api.Assertions.assertThat;
import io.cachegate.cache.http.Storability.Decision;
import io.cachegate.cache.store.CacheEntry;

/**
 * RFC 9111 section 4.2.3, calculating age: an answer that arrives already old (its
 * {@code Age}, or the time since its {@code Date}) has less freshness left, one as old as
 * its lifetime is not stored, and one whose {@code Age} is invalid counts as that old.
 */
class Rfc9111Section4_2_3CalculatingAgeTests {

	@Test
	void theAgeTheOriginSendsCountsAgainstFreshness() {
		Decision decision = decide(200, headers("Cache-Control", "max-age=60", "Age", "25"), false);
		assertThat(decision.initialAge()).isEqualTo(Duration.ofSeconds(25));
		assertThat(decision.generatedAt(NOW)).isEqualTo(NOW.minusSeconds(25));
		CacheEntry entry = new CacheEntry(200, List.of(), new byte[0], decision.generatedAt(NOW), decision.freshness(),
				Duration.ZERO, Duration.ZERO, "m", List.of());
		assertThat(entry.age(NOW)).isEqualTo(Duration.ofSeconds(25));
		assertThat(entry.isFresh(NOW.plusSeconds(34))).isTrue();
		assertThat(entry.isFresh(NOW.plusSeconds(35))).isFalse();
	}

	@Test
	void anAnswerAsOldAsItsLifetimeIsNotStored() {
		assertThat(decide(200, headers("Cache-Control", "max-age=60", "Age", "60"), false).reason()).isEqualTo("stale");
		assertThat(decide(200, headers("Cache-Control", "max-age=60", "Age", "99999999999999999999"), false).reason())
			.isEqualTo("stale");
	}

	@Test
	void theTimeSinceItsDateCountsWhenLargerThanAgeLessTheFieldsResolution() {
		HttpHeaders headers = headers("Cache-Control", "max-age=60", "Age", "3");
		headers.setDate(NOW.minusSeconds(10).toEpochMilli());
		assertThat(decide(200, headers, false).initialAge()).isEqualTo(Duration.ofSeconds(9));
		HttpHeaders justNow = headers("Cache-Control", "max-age=60");
		justNow.setDate(NOW.minusMillis(900).toEpochMilli());
		assertThat(decide(200, justNow, false).initialAge()).isEqualTo(Duration.ZERO);
	}

	@Test
	void anInvalidAgeLeavesTheAgeUnknownAndTheAnswerStale() {
		for (String invalid : List.of("-5", "soon", "7200.0", "7200;foo=bar", "7200;foo=111", "0, 0", "3600, 3600",
				"0,7200", "")) {
			Decision decision = decide(200, headers("Cache-Control", "max-age=3600", "Age", invalid), false);
			assertThat(decision.storable()).as(invalid).isFalse();
			assertThat(decision.reason()).as(invalid).isEqualTo("stale");
		}
	}

	@Test
	void twoAgeFieldLinesAreInvalidEvenWhenTheyAgree() {
		assertThat(decide(200, headers("Cache-Control", "max-age=3600", "Age", "0", "Age", "0"), false).reason())
			.isEqualTo("stale");
		assertThat(decide(200, headers("Cache-Control", "max-age=3600", "Age", "0", "Age", "7200"), false).reason())
			.isEqualTo("stale");
	}

	@Test
	void anAnswerOfUnknownAgeWithAValidatorIsStoredOnlyToBeRevalidated() {
		Decision decision = decide(200, headers("Cache-Control", "max-age=3600", "Age", "abc", "ETag", "\"x\""), false);
		assertThat(decision.storable()).isTrue();
		assertThat(decision.revalidatesEachUse()).isTrue();
	}

	@Test
	void surroundingWhiteSpaceIsNoPartOfTheValue() {
		assertThat(decide(200, headers("Cache-Control", "max-age=60", "Age", " 25 "), false).initialAge())
			.isEqualTo(Duration.ofSeconds(25));
	}

}
