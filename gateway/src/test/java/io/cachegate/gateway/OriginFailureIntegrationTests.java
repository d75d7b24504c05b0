package io.cachegate.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An origin that is down or slow gives 502 or 504 problem+json within a bounded time,
 * never a hang.
 */
class OriginFailureIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void originDownGives502ProblemJson() {
		client().get()
			.uri("/down/anything")
			.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/bad-gateway")
			.jsonPath("$.requestId")
			.exists();
	}

	@Test
	void slowOriginGives504ProblemJsonWithinTheResponseTimeout() {
		String path = served("/users/t/slow", Reply.of(200, "late").delayed(Duration.ofSeconds(6)));
		long started = System.nanoTime();
		client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/gateway-timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
	}

	@Test
	void pathWithoutARouteGives404ProblemJsonToAnAuthenticatedCaller() {
		client().get()
			.uri("/nowhere")
			.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/not-found");
	}

}
