package io.cachegate.auth.observability;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

import io.cachegate.auth.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class AccessLogIntegrationTests extends IntegrationTestSupport {

	@Test
	void logsOneLineWithTheGatewaysRequestIdAndReturnsIt(CapturedOutput output) {
		String id = "test-" + UUID.randomUUID();
		this.client.get()
			.uri("/auth/jwks")
			.header("X-Request-Id", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Request-Id", id);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut()).contains("cachegate.access")
				.containsPattern(
						"requestId=" + id + " method=GET path=/auth/jwks status=200 outcome=ok latencyMs=\\d"));
		assertThat(output.getOut().split("requestId=" + id, -1)).hasSize(2);
	}

	@Test
	void logsErrorsWithTheStatusTheClientGot(CapturedOutput output) {
		String id = "test-" + UUID.randomUUID();
		this.client.post()
			.uri("/auth/token")
			.header("X-Request-Id", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{not json")
			.exchange()
			.expectStatus()
			.isBadRequest();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("requestId=" + id + " method=POST path=/auth/token status=400 outcome=error"));
	}

	@Test
	void makesARequestIdWhenNoneOrAnUnsafeOneIsGiven() {
		String made = this.client.get()
			.uri("/auth/jwks")
			.header("X-Request-Id", "bad id\twith spaces")
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Request-Id");
		assertThat(made).isNotBlank().doesNotContain(" ");
	}

}
