package io.cachegate.stack;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cachegate.stack.InfrastructureSettings.Mode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InfrastructureSettingsTests {

	@Test
	void defaultsPointAtTheLocalServers() {
		InfrastructureSettings settings = InfrastructureSettings.from(Map.of());

		assertThat(settings.configuredRedis().url()).isEqualTo("redis://127.0.0.1:6379");
		assertThat(settings.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
		assertThat(settings.postgres().username()).isEqualTo("postgres");
		assertThat(settings.postgres().password()).isEmpty();
		assertThat(settings.mode()).isEqualTo(Mode.AUTO);
	}

	@Test
	void environmentOverridesEverySetting() {
		InfrastructureSettings settings = InfrastructureSettings.from(
				Map.of("REDIS_URL", "redis://cache:6390", "POSTGRES_HOST", "db", "POSTGRES_PORT", "6543", "POSTGRES_DB",
						"cg", "POSTGRES_USER", "app", "POSTGRES_PASSWORD", "s3cret", "CACHEGATE_INFRA", "Embedded"));

		assertThat(settings.configuredRedis()).isEqualTo(new RedisEndpoint("cache", 6390, "configured"));
		assertThat(settings.postgres().r2dbcUrl()).isEqualTo("r2dbc:postgresql://db:6543/cg");
		assertThat(settings.postgres().username()).isEqualTo("app");
		assertThat(settings.postgres().password()).isEqualTo("s3cret");
		assertThat(settings.mode()).isEqualTo(Mode.EMBEDDED);
	}

	@Test
	void redisUrlWithoutPortMeansTheDefaultPort() {
		assertThat(InfrastructureSettings.from(Map.of("REDIS_URL", "redis://cache")).configuredRedis().port())
			.isEqualTo(6379);
	}

	@Test
	void rejectsAnUnknownModeNamingTheChoices() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> InfrastructureSettings.from(Map.of("CACHEGATE_INFRA", "cloud")))
			.withMessageContaining("auto, configured, testcontainers, embedded")
			.withMessageContaining("cloud");
	}

}
