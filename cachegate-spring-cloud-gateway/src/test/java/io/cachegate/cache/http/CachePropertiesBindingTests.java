package io.cachegate.cache.http;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import io.cachegate.cache.testsupport.EnvironmentVariables;

import static org.assertj.core.api.Assertions.assertThat;

/** Route policies bind from environment variables, the way operators set them. */
class CachePropertiesBindingTests {

	@Test
	void routePolicyBindsFromEnvironmentVariables() {
		CacheProperties properties = bind(Map.of("CACHEGATE_CACHE_ROUTES_USERS_ENABLED", "false",
				"CACHEGATE_CACHE_ROUTES_USERS_MAX_TTL", "2s", "CACHEGATE_CACHE_ROUTES_USERS_MAX_ENTRY_SIZE", "1MB",
				"CACHEGATE_CACHE_ROUTES_USERS_VARY_HEADERS", "Accept,Accept-Language",
				"CACHEGATE_CACHE_ROUTES_USERS_STALE_RETENTION", "5m"));
		CacheProperties.RoutePolicy users = properties.policy("users");
		assertThat(users.enabled()).isFalse();
		assertThat(users.maxTtl()).isEqualTo(Duration.ofSeconds(2));
		assertThat(users.maxEntrySize()).isEqualTo(DataSize.ofMegabytes(1));
		assertThat(users.varyHeaders()).containsExactly("Accept", "Accept-Language");
		assertThat(users.defaultTtl()).isEqualTo(Duration.ofSeconds(60));
		assertThat(users.varyByRole()).isTrue();
		assertThat(users.staleRetention()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void declaredQueryParametersBindFromTheEnvironmentAndMergeWithTheOtherSettingsOfTheRoute() {
		CacheProperties properties = bind(Map.of("CACHEGATE_CACHE_ROUTES_USERS_QUERY_PARAMETERS", "q, page,size",
				"CACHEGATE_CACHE_ROUTES_USERS_ENABLED", "false"));
		assertThat(properties.policy("users").queryParameters()).containsExactly("q", "page", "size");
		assertThat(properties.policy("users").enabled()).isFalse();
		assertThat(properties.policy("auth").queryParameters()).isEmpty();
	}

	@Test
	void routesWithoutSettingsGetTheDefaults() {
		CacheProperties properties = bind(Map.of());
		assertThat(properties.policy("auth")).isEqualTo(CacheProperties.RoutePolicy.DEFAULTS);
		assertThat(properties.tagRetention()).isEqualTo(Duration.ofHours(24));
	}

	private static CacheProperties bind(Map<String, Object> variables) {
		return EnvironmentVariables.bind(variables, "cachegate.cache", CacheProperties.class);
	}

}
