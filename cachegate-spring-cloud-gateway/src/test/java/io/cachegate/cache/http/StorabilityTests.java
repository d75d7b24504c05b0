package io.cachegate.cache.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.http.Storability.Decision;

class StorabilityTests {

	static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final RoutePolicy POLICY = RoutePolicy.DEFAULTS;

	static final Duration POLICY_DEFAULT_TTL = POLICY.defaultTtl();

	@Test
	void parsesDirectivesCaseInsensitivelyWithQuotedArguments() {
		CacheDirectives directives = CacheDirectives
			.parse(List.of("Public, MAX-AGE=\"30\", no-cache=\"Set-Cookie, X-A\"", "s-maxage=10"));
		assertThat(directives.has("public")).isTrue();
		assertThat(directives.seconds("max-age")).contains(30L);
		assertThat(directives.seconds("s-maxage")).contains(10L);
		assertThat(directives.directives().get("no-cache")).isEqualTo("Set-Cookie, X-A");
		assertThat(CacheDirectives.parse(List.of("max-age=abc")).seconds("max-age")).contains(-1L);
		assertThat(CacheDirectives.parse(null).isEmpty()).isTrue();
	}

	@Test
	void targetedFieldWinsOverCacheControl() {
		Decision decision = decide(200,
				headers("Cachegate-Cache-Control", "max-age=60", "Cache-Control", "private, no-store"), true);
		assertThat(decision.storable()).isTrue();
		assertThat(decision.freshness()).isEqualTo(Duration.ofSeconds(60));
		assertThat(decide(200, headers("Cachegate-Cache-Control", "no-store", "Cache-Control", "public, max-age=60"),
				false)
			.storable()).isFalse();
	}

	@Test
	void privateNoStoreAndNoCacheAreNotStored() {
		assertThat(decide(200, headers("Cache-Control", "private, max-age=60"), false).reason()).isEqualTo("no-store");
		assertThat(decide(200, headers("Cache-Control", "no-store"), false).storable()).isFalse();
		assertThat(decide(200, headers("Cache-Control", "no-cache"), false).storable()).isFalse();
	}

	@Test
	void requestWithAuthorizationNeedsPublicSMaxAgeOrMustRevalidate() {
		assertThat(decide(200, headers("Cache-Control", "max-age=60"), true).reason()).isEqualTo("authorization");
		assertThat(decide(200, headers(), true).storable()).isFalse();
		assertThat(decide(200, headers("Cache-Control", "public, max-age=60"), true).storable()).isTrue();
		assertThat(decide(200, headers("Cache-Control", "s-maxage=5"), true).storable()).isTrue();
		assertThat(decide(200, headers("Cache-Control", "must-revalidate, max-age=5"), true).storable()).isTrue();
	}

	@Test
	void sharedMaxAgeWinsOverMaxAgeAndMaxTtlCapsBoth() {
		assertThat(decide(200, headers("Cache-Control", "max-age=5, s-maxage=20"), false).freshness())
			.isEqualTo(Duration.ofSeconds(20));
		assertThat(decide(200, headers("Cache-Control", "max-age=86400"), false).freshness())
			.isEqualTo(POLICY.maxTtl());
	}

	@Test
	void routeDefaultAppliesWhenTheOriginNamesNoLifetime() {
		assertThat(decide(200, headers(), false).freshness()).isEqualTo(POLICY.defaultTtl());
	}

	@Test
	void expiresCountsFromDateWhenNoMaxAge() {
		HttpHeaders headers = new HttpHeaders();
		headers.setDate(NOW.toEpochMilli());
		headers.setExpires(NOW.plusSeconds(30).toEpochMilli());
		assertThat(decide(200, headers, false).freshness()).isEqualTo(Duration.ofSeconds(30));
		assertThat(decide(200, headers("Expires", "0"), false).storable()).isFalse();
	}

	@Test
	void zeroOrMalformedMaxAgeIsNotStored() {
		assertThat(decide(200, headers("Cache-Control", "max-age=0"), false).storable()).isFalse();
		assertThat(decide(200, headers("Cache-Control", "max-age=soon"), false).storable()).isFalse();
	}

	@Test
	void setCookieVaryStarAndVaryOnCredentialsAreNotStoredAnyOtherVaryIs() {
		assertThat(decide(200, headers("Set-Cookie", "a=b"), false).reason()).isEqualTo("set-cookie");
		assertThat(decide(200, headers("Vary", "*"), false).reason()).isEqualTo("vary");
		assertThat(decide(200, headers("Vary", "Accept-Language", "Vary", "*"), false).reason()).isEqualTo("vary");
		assertThat(decide(200, headers("Vary", "accept, Authorization"), false).reason()).isEqualTo("vary");
		assertThat(decide(200, headers("Vary", "Cookie"), false).reason()).isEqualTo("vary");
		assertThat(decide(200, headers("Vary", "X-User-Id"), false).reason()).isEqualTo("vary");
		assertThat(decide(200, headers("Vary", "Accept-Language, Accept-Encoding"), false).storable()).isTrue();
	}

	@Test
	void staleWindowsComeFromTheDirectivesElseTheRoute() {
		Decision decision = decide(200,
				headers("Cachegate-Cache-Control", "max-age=60, stale-while-revalidate=30, stale-if-error=300"), true);
		assertThat(decision.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(30));
		assertThat(decision.staleIfError()).isEqualTo(Duration.ofSeconds(300));
		assertThat(decide(200, headers(), false).staleIfError()).isEqualTo(POLICY.staleIfError());
	}

	static Decision decide(int status, HttpHeaders headers, boolean authorization) {
		return Storability.decide(status, headers, authorization, POLICY, NOW);
	}

	static HttpHeaders headers(String... namesAndValues) {
		HttpHeaders headers = new HttpHeaders();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return headers;
	}

}
