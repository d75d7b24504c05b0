package io.cachegate.users;

import org.junit.jupiter.api.Test;

import io.cachegate.users.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

class ActuatorIntegrationTests extends IntegrationTestBase {

	@Test
	void healthInfoAndMetricsAreOpenWithoutToken() {
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
		this.client.get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		this.client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.r2dbc.status")
			.isEqualTo("UP")
			.jsonPath("$.components.redis.status")
			.isEqualTo("UP");
		this.client.get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.build.artifact")
			.isEqualTo("user-service")
			.jsonPath("$.git.commit.id")
			.isNotEmpty();
		this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((metrics) -> assertThat(metrics).contains("jvm_memory_used_bytes"));
	}

	@Test
	void otherActuatorEndpointsAreNotExposed() {
		as("ADMIN").get().uri("/actuator/env").exchange().expectStatus().isNotFound();
	}

}
