package io.cachegate.gateway.observability;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.gateway.GatewayIntegrationTestSupport;
import io.cachegate.stack.test.Answers;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators and orchestrators read, without credentials. */
class ActuatorIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void livenessAndReadinessAreUpAndReadinessDoesNotDependOnRedis() {
		client().get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		client().get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.readinessState.status")
			.isEqualTo("UP")
			.jsonPath("$.components.redis")
			.doesNotExist();
	}

	@Test
	void overallHealthShowsRedis() {
		client().get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.redis.status")
			.isEqualTo("UP");
	}

	@Test
	void infoShowsBuildAndGit() {
		client().get()
			.uri("/actuator/info")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.app.name")
			.isEqualTo("gateway")
			.jsonPath("$.build.artifact")
			.isEqualTo("gateway")
			.jsonPath("$.git.commit.id")
			.isNotEmpty();
	}

	@Test
	void metricsAndTheScrapeAreForAdminsOnlyWhileHealthAndInfoStayPublic() {
		for (String path : new String[] { "/actuator/prometheus", "/actuator/metrics" }) {
			client().get().uri(path).exchange().expectStatus().isUnauthorized();
			client().get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, bearer("MANAGER"))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
			client().get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, bearer("ADMIN"))
				.exchange()
				.expectStatus()
				.isOk();
		}
		client().get().uri("/actuator/health").exchange().expectStatus().isOk();
		client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		client().get().uri("/actuator/info").exchange().expectStatus().isOk();
	}

	@Test
	void prometheusScrapeIsExposed() {
		client().get().uri("/public/warm-up").exchange();
		// Every route and status this test JVM served has its series (with histogram
		// buckets): more than the client's default 256 KB.
		String scrape = Answers.okBody(client().mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.AUTHORIZATION, bearer("ADMIN")));
		assertThat(scrape).contains("jvm_memory_used_bytes").contains("http_server_requests_seconds_count");
		// Left out by default for their cost per request (application.yml): Spring Cloud
		// Gateway's per-route timer,
		// which the cache's own per-route metrics cover, and the active-requests
		// long-task timer.
		assertThat(scrape).doesNotContain("spring_cloud_gateway_requests")
			.doesNotContain("http_server_requests_active");
	}

}
