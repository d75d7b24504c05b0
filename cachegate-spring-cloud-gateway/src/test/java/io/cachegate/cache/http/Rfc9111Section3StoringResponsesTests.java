package io.cachegate.cache.http;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static io.cachegate.cache.http.StorabilityTests.decide;
import static io.cachegate.cache.http.StorabilityTests.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 section 3, storing responses in caches: any final status may be stored when
 * the answer names its freshness or says {@code public}; without, only the heuristically
 * cacheable statuses of RFC 9110 section 15.1 are, for the route's default lifetime.
 * Partial content, 304 and server errors never are.
 */
class Rfc9111Section3StoringResponsesTests {

	@Test
	void heuristicallyCacheableStatusesAreStoredWithoutExplicitFreshness() {
		for (int status : new int[] { 200, 203, 204, 300, 301, 308, 404, 405, 410, 414 }) {
			assertThat(decide(status, headers(), false).storable()).as("status %d", status).isTrue();
			assertThat(decide(status, headers(), false).freshness()).isEqualTo(StorabilityTests.POLICY_DEFAULT_TTL);
		}
		for (int status : new int[] { 201, 202, 302, 303, 307, 400, 401, 403, 409, 429 }) {
			assertThat(decide(status, headers(), false).storable()).as("status %d", status).isFalse();
		}
	}

	@Test
	void anyFinalStatusWithExplicitFreshnessIsStored() {
		for (int status : new int[] { 201, 202, 302, 303, 307, 400, 403, 409, 429, 499 }) {
			assertThat(decide(status, headers("Cache-Control", "max-age=30"), false).freshness())
				.as("status %d", status)
				.isEqualTo(Duration.ofSeconds(30));
		}
		assertThat(decide(302,
				headers("Expires", "Thu, 01 Jan 2026 00:00:20 GMT", "Date", "Thu, 01 Jan 2026 00:00:00 GMT"), false)
			.storable()).isTrue();
		assertThat(decide(307, headers("Cache-Control", "public"), false).freshness())
			.isEqualTo(StorabilityTests.POLICY_DEFAULT_TTL);
	}

	@Test
	void partialContentNotModifiedAndServerErrorsAreNeverStored() {
		for (int status : new int[] { 206, 304, 500, 501, 502, 503, 504 }) {
			assertThat(decide(status, headers("Cache-Control", "public, max-age=30"), false).reason())
				.as("status %d", status)
				.isEqualTo("status");
		}
	}

}
