package io.cachegate.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cachegate.stack.test.Answers;

import static org.assertj.core.api.Assertions.assertThat;

class ActuatorIntegrationTests extends IntegrationTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness" })
	void healthIsUpWithoutAuthentication(String path) {
		this.client.get().uri(path).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	@Test
	void readinessChecksTheDatabaseAndRedis() {
		this.client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.r2dbc.status")
			.isEqualTo("UP")
			.jsonPath("$.components.redis.status")
			.isEqualTo("UP")
			.jsonPath("$.components.readinessState.status")
			.isEqualTo("UP");
	}

	@Test
	void infoIsExposed() {
		this.client.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.app.name")
			.isEqualTo("auth-service")
			.jsonPath("$.build.artifact")
			.isEqualTo("auth-service")
			.jsonPath("$.git.commit.id")
			.isNotEmpty();
	}

	@Test
	void prometheusScrapeIsExposed() {
		adminToken();
		String scrape = Answers.okBody(this.client.get().uri("/actuator/prometheus"));
		assertThat(scrape).contains("jvm_memory_used_bytes")
			.contains("http_server_requests")
			.contains("cachegate_auth_logins_total{outcome=\"success\"")
			.contains("cachegate_auth_logins_total{outcome=\"failure\"")
			.contains("cachegate_auth_logins_total{outcome=\"refused\"");
	}

}
