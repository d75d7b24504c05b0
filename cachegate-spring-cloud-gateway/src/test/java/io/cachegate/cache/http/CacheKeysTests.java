package io.cachegate.cache.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.store.CacheKey;

class CacheKeysTests {

	@Test
	void decodesUnreservedCharactersAndUpperCasesOtherEncodings() {
		assertThat(CacheKeys.normalizePath("/users/%7ealice%2f%41")).isEqualTo("/users/~alice%2FA");
	}

	@Test
	void keepsEncodedSlashesApartFromRealOnes() {
		assertThat(CacheKeys.normalizePath("/a%2Fb")).isNotEqualTo(CacheKeys.normalizePath("/a/b"));
	}

	@Test
	void collapsesRepeatedSlashesAndRemovesDotSegments() {
		assertThat(CacheKeys.normalizePath("/users//42")).isEqualTo("/users/42");
		assertThat(CacheKeys.normalizePath("/users/./x/../42")).isEqualTo("/users/42");
		assertThat(CacheKeys.normalizePath("/users/%2E%2E/admin")).isEqualTo("/admin");
		assertThat(CacheKeys.normalizePath("/../../etc")).isEqualTo("/etc");
	}

	@Test
	void aPathIsNormalizedOnlyWhenNormalizingLeavesItAsItIs() {
		List<String> paths = List.of("/", "/users", "/users/", "/users/42", "/users/a.b/c~d_e-f", "/users/x;y=1,z@w",
				"/users//42", "//users", "/users/./42", "/users/../admin", "/users/.", "/users/..",
				"/users/%2E%2E/admin", "/users/%7e", "/users/%41", "/caf\u00e9", "/a b", "/100%", "users/42", "",
				"/users/.hidden", "/users/..x", "/users/x.", "/a?b", "/a#b", "/a/b/");
		for (String path : paths) {
			assertThat(CacheKeys.isNormalized(path)).as(path)
				.isEqualTo(!path.isEmpty() && !path.contains("%") && CacheKeys.normalizePath(path).equals(path));
		}
		assertThat(CacheKeys.isNormalized("/users/42")).isTrue();
		assertThat(CacheKeys.isNormalized("/users/%2E%2E/admin")).isFalse();
	}

	@Test
	void keepsTheTrailingSlash() {
		assertThat(CacheKeys.normalizePath("/users/")).isEqualTo("/users/");
		assertThat(CacheKeys.normalizePath("/users")).isEqualTo("/users");
	}

	@Test
	void encodesCharactersThatMayNotAppearRawAndStrayPercents() {
		assertThat(CacheKeys.normalizePath("/caf\u00e9 x")).isEqualTo("/caf%C3%A9%20x");
		assertThat(CacheKeys.normalizePath("/100%")).isEqualTo("/100%25");
	}

	@Test
	void sortsQueryParametersByNameKeepingTheOrderOfRepeatedValues() {
		assertThat(CacheKeys.normalizeQuery("sort=b&page=2&sort=a&&q=%7e")).isEqualTo("page=2&q=~&sort=b&sort=a");
		assertThat(CacheKeys.normalizeQuery(null)).isEmpty();
		assertThat(CacheKeys.normalizeQuery("flag")).isEqualTo("flag");
	}

	@Test
	void keyDependsOnRouteMethodPathQueryAndRoleButNeverOnAuthorization() {
		RoutePolicy policy = RoutePolicy.DEFAULTS;
		HttpHeaders alice = new HttpHeaders();
		alice.setBearerAuth("token-of-alice");
		HttpHeaders bob = new HttpHeaders();
		bob.setBearerAuth("token-of-bob");
		CacheKey a = CacheKeys.key("users", "/users/1", "", "USER", alice, policy);
		CacheKey b = CacheKeys.key("users", "/users/1", "", "USER", bob, policy);
		assertThat(a).isEqualTo(b);
		assertThat(a.material()).doesNotContain("token").isEqualTo("users GET /users/1 role=USER");
		assertThat(a.redisKey()).matches("cg:\\{users\\}:e:[A-Za-z0-9_-]{43}");
		assertThat(CacheKeys.key("users", "/users/1", "", "ADMIN", alice, policy)).isNotEqualTo(a);
		assertThat(CacheKeys.key("users", "/users/1", "x=1", "USER", alice, policy)).isNotEqualTo(a);
		assertThat(CacheKeys.key("auth", "/users/1", "", "USER", alice, policy).redisKey()).startsWith("cg:{auth}:e:");
	}

	@Test
	void keyIgnoresTheRoleWhenTheRouteDoesNotVaryByIt() {
		RoutePolicy policy = new RoutePolicy(true, RoutePolicy.DEFAULTS.defaultTtl(), RoutePolicy.DEFAULTS.maxTtl(),
				RoutePolicy.DEFAULTS.staleWhileRevalidate(), RoutePolicy.DEFAULTS.staleIfError(),
				RoutePolicy.DEFAULTS.maxEntrySize(), false, List.of("Accept-Language"), List.of(), List.of(),
				RoutePolicy.DEFAULT_TARGETED_FIELDS, false, RoutePolicy.DEFAULTS.staleRetention(), 16, 1);
		HttpHeaders french = new HttpHeaders();
		french.set("Accept-Language", "fr");
		CacheKey user = CacheKeys.key("r", "/p", "", "USER", french, policy);
		assertThat(CacheKeys.key("r", "/p", "", "ADMIN", french, policy)).isEqualTo(user);
		assertThat(CacheKeys.key("r", "/p", "", "USER", new HttpHeaders(), policy)).isNotEqualTo(user);
		assertThat(user.material()).isEqualTo("r GET /p accept-language=fr");
	}

}
