package io.cachegate.cache.http;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static io.cachegate.cache.http.StorabilityTests.NOW;
import static io.cachegate.cache.http.StorabilityTests.decide;
import static io.cachegate.cache.http.StorabilityTests.headers;
import static org.assertj.core.api.Assertions.assertThat;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;

/**
 * RFC 9213, targeted cache-control fields: the first of a route's targeted fields present
 * decides instead of {@code Cache-Control} and {@code Expires};
 * {@code Cachegate-Cache-Control} (this gateway's own) comes before
 * {@code CDN-Cache-Control} by default and the order is the route's to set. Only the
 * gateway's own field lifts the rule on requests with {@code Authorization}. A route may
 * list {@code Surrogate-Control}, read with its targets. And a route may allow server
 * errors with explicit freshness.
 */
class Rfc9213TargetedCacheControlTests {

	private static final RoutePolicy DEFAULTS = RoutePolicy.DEFAULTS;

	@Test
	void cdnCacheControlDecidesInsteadOfCacheControlAndExpires() {
		assertThat(
				decide(200, headers("CDN-Cache-Control", "max-age=30", "Cache-Control", "no-store"), false).freshness())
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(decide(200, headers("CDN-Cache-Control", "no-store", "Cache-Control", "public, max-age=60"), false)
			.storable()).isFalse();
		assertThat(decide(200, headers("CDN-Cache-Control", "public", "Expires", "0"), false).freshness())
			.isEqualTo(DEFAULTS.defaultTtl());
	}

	@Test
	void theGatewaysOwnFieldComesFirstAndTheOrderIsTheRoutes() {
		HttpHeaders both = headers("Cachegate-Cache-Control", "max-age=10", "CDN-Cache-Control", "max-age=20");
		assertThat(decide(200, both, false).freshness()).isEqualTo(Duration.ofSeconds(10));
		RoutePolicy cdnFirst = withTargetedFields(List.of("CDN-Cache-Control", "Cachegate-Cache-Control"), false);
		assertThat(Storability.decide(200, both, false, cdnFirst, NOW).freshness()).isEqualTo(Duration.ofSeconds(20));
		RoutePolicy none = withTargetedFields(List.of(), false);
		assertThat(Storability
			.decide(200, headers("Cachegate-Cache-Control", "max-age=10", "Cache-Control", "no-store"), false, none,
					NOW)
			.storable()).isFalse();
	}

	@Test
	void onlyTheGatewaysOwnFieldLiftsTheAuthorizationRule() {
		assertThat(decide(200, headers("Cachegate-Cache-Control", "max-age=30"), true).storable()).isTrue();
		assertThat(decide(200, headers("CDN-Cache-Control", "max-age=30"), true).reason()).isEqualTo("authorization");
		assertThat(decide(200, headers("CDN-Cache-Control", "s-maxage=30"), true).storable()).isTrue();
	}

	@Test
	void serverErrorsWithExplicitFreshnessAreStoredOnlyWhereTheRouteAllowsIt() {
		HttpHeaders headers = headers("Cache-Control", "public, max-age=5");
		assertThat(decide(503, headers, false).reason()).isEqualTo("status");
		RoutePolicy allows = withTargetedFields(RoutePolicy.DEFAULT_TARGETED_FIELDS, true);
		assertThat(Storability.decide(503, headers, false, allows, NOW).freshness()).isEqualTo(Duration.ofSeconds(5));
		assertThat(Storability.decide(503, headers(), false, allows, NOW).storable()).as("no explicit freshness")
			.isFalse();
	}

	@Test
	void aTargetedFieldWithNothingForTheGatewayDoesNotDecide() {
		assertThat(decide(200, headers("CDN-Cache-Control", "", "Cache-Control", "max-age=30"), false).freshness())
			.isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void surrogateControlIsReadWithItsTargetsWhereTheRouteListsIt() {
		RoutePolicy surrogate = withTargetedFields(List.of("CDN-Cache-Control", "Surrogate-Control"), false);
		assertThat(surrogate.readsSurrogateControl()).isTrue();
		assertThat(DEFAULTS.readsSurrogateControl()).isFalse();
		assertThat(freshness(surrogate, "Surrogate-Control", "MaX-aGe=30", "Cache-Control", "no-store"))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(freshness(surrogate, "Surrogate-Control", "max-age=30;cachegate", "Cache-Control", "no-store"))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(freshness(surrogate, "Surrogate-Control", "max-age=30, max-age=90;cachegate"))
			.as("targeted at this gateway wins")
			.isEqualTo(Duration.ofSeconds(90));
		assertThat(
				freshness(surrogate, "Surrogate-Control", "max-age=30;other, max-age=5", "Cache-Control", "max-age=60"))
			.isEqualTo(Duration.ofSeconds(5));
		assertThat(freshness(surrogate, "Surrogate-Control", "max-age=30;other", "Cache-Control", "max-age=60"))
			.as("nothing for this gateway: Cache-Control decides")
			.isEqualTo(Duration.ofSeconds(60));
		assertThat(Storability
			.decide(200, headers("Surrogate-Control", "no-store", "Cache-Control", "max-age=60"), false, surrogate, NOW)
			.storable()).isFalse();
		assertThat(freshness(surrogate, "Surrogate-Control", "max-age=30, content=\"ESI/1.0; x\"")).as("quoted")
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(freshness(DEFAULTS, "Surrogate-Control", "no-store", "Cache-Control", "max-age=60"))
			.as("not listed: ignored")
			.isEqualTo(Duration.ofSeconds(60));
	}

	private static Duration freshness(RoutePolicy policy, String... headers) {
		return Storability.decide(200, headers(headers), false, policy, NOW).freshness();
	}

	private static RoutePolicy withTargetedFields(List<String> fields, boolean storeServerErrors) {
		return new RoutePolicy(true, DEFAULTS.defaultTtl(), DEFAULTS.maxTtl(), DEFAULTS.staleWhileRevalidate(),
				DEFAULTS.staleIfError(), DEFAULTS.maxEntrySize(), true, List.of(), List.of(), List.of(), fields,
				storeServerErrors, DEFAULTS.staleRetention(), 16, 1);
	}

}
