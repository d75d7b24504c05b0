package io.cachegate.cache.stampede;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cachegate.cache.testsupport.EnvironmentVariables;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stampede settings bind from the environment variables CONFIGURATION.md names, with
 * its defaults.
 */
class StampedePropertiesBindingTests {

	@Test
	void defaultsAreTheDocumentedOnes() {
		StampedeProperties properties = bind(Map.of());
		assertThat(properties.ttlJitter()).isEqualTo(5);
		assertThat(properties.coalesceWait()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.leaseTime()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.leasePoll()).isEqualTo(Duration.ofMillis(10));
		assertThat(properties.refreshTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void environmentVariablesOverrideThem() {
		StampedeProperties properties = bind(Map.of("CACHEGATE_CACHE_STAMPEDE_TTL_JITTER", "10",
				"CACHEGATE_CACHE_STAMPEDE_COALESCE_WAIT", "2s", "CACHEGATE_CACHE_STAMPEDE_LEASE_TIME", "3s",
				"CACHEGATE_CACHE_STAMPEDE_LEASE_POLL", "20ms", "CACHEGATE_CACHE_STAMPEDE_REFRESH_TIMEOUT", "4s"));
		assertThat(properties.ttlJitter()).isEqualTo(10);
		assertThat(properties.coalesceWait()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.leaseTime()).isEqualTo(Duration.ofSeconds(3));
		assertThat(properties.leasePoll()).isEqualTo(Duration.ofMillis(20));
		assertThat(properties.refreshTimeout()).isEqualTo(Duration.ofSeconds(4));
	}

	private static StampedeProperties bind(Map<String, Object> variables) {
		return EnvironmentVariables.bind(variables, "cachegate.cache.stampede", StampedeProperties.class);
	}

}
