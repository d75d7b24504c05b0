package io.cachegate.cache.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static io.cachegate.cache.http.StorabilityTests.decide;
import static io.cachegate.cache.http.StorabilityTests.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9110 section 5.6.7, date/time formats: {@code Expires} and {@code Date} are read in
 * all three formats a recipient must accept (IMF-fixdate, RFC 850, asctime); an invalid
 * {@code Expires} means already expired (RFC 9111 section 5.3).
 */
class Rfc9110Section5_6_7DateFormatsTests {

	private static final String DATE = "Thu, 01 Jan 2026 00:00:00 GMT";

	@Test
	void expiresIsReadInEveryFormat() {
		for (String expires : new String[] { "Thu, 01 Jan 2026 00:00:30 GMT", "Thursday, 01-Jan-26 00:00:30 GMT",
				"Thu Jan  1 00:00:30 2026" }) {
			assertThat(decide(200, headers("Expires", expires, "Date", DATE), false).freshness()).as(expires)
				.isEqualTo(Duration.ofSeconds(30));
		}
	}

	@Test
	void anInvalidExpiresMeansAlreadyExpired() {
		for (String expires : new String[] { "0", "-1", "yesterday", "Thu, 32 Jan 2026 00:00:30 GMT" }) {
			assertThat(decide(200, headers("Expires", expires, "Date", DATE), false).storable()).as(expires).isFalse();
		}
	}

}
