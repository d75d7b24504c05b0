package io.cachegate.cache.http;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.http.Storability.Decision;
import io.cachegate.cache.testsupport.CacheTestData;

import static io.cachegate.cache.http.StorabilityTests.NOW;
import static io.cachegate.cache.http.StorabilityTests.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 section 4.2.4, serving stale responses: {@code must-revalidate},
 * {@code proxy-revalidate} and {@code s-maxage} forbid a shared cache to serve the answer
 * stale, so neither the route's stale windows nor the answer's own apply; the entry is
 * still kept for revalidation.
 */
class Rfc9111Section4_2_4ServingStaleTests {

	private static final RoutePolicy GENEROUS = CacheTestData.policy(Duration.ofSeconds(30), Duration.ofSeconds(300));

	@Test
	void withoutThoseDirectivesTheWindowsApply() {
		Decision decision = decide("public, max-age=60");
		assertThat(decision.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(30));
		assertThat(decision.staleIfError()).isEqualTo(Duration.ofSeconds(300));
	}

	@Test
	void mustRevalidateProxyRevalidateAndSMaxAgeCloseEveryStaleWindow() {
		for (String cacheControl : List.of("public, max-age=60, must-revalidate",
				"public, max-age=60, proxy-revalidate", "s-maxage=60",
				"max-age=60, must-revalidate, stale-while-revalidate=100, stale-if-error=100")) {
			Decision decision = decide(cacheControl);
			assertThat(decision.storable()).as(cacheControl).isTrue();
			assertThat(decision.freshness()).as(cacheControl).isEqualTo(Duration.ofSeconds(60));
			assertThat(decision.staleWhileRevalidate()).as(cacheControl).isZero();
			assertThat(decision.staleIfError()).as(cacheControl).isZero();
			assertThat(decision.staleRetention()).as(cacheControl).isEqualTo(GENEROUS.staleRetention());
		}
	}

	@Test
	void theTargetedFieldThatDecidesIsTheOneRead() {
		Decision decision = Storability.decide(200,
				headers("CDN-Cache-Control", "max-age=60, must-revalidate", "Cache-Control", "max-age=5"), false,
				GENEROUS, NOW);
		assertThat(decision.staleIfError()).isZero();
		assertThat(Storability
			.decide(200, headers("CDN-Cache-Control", "max-age=60", "Cache-Control", "max-age=5, must-revalidate"),
					false, GENEROUS, NOW)
			.staleIfError()).isEqualTo(Duration.ofSeconds(300));
	}

	private static Decision decide(String cacheControl) {
		return Storability.decide(200, headers("Cache-Control", cacheControl), false, GENEROUS, NOW);
	}

}
