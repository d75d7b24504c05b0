package io.cachegate.auth.error;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.auth.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorIntegrationTests extends IntegrationTestSupport {

	@Test
	void unknownPathIsANotFoundProblem() {
		this.client.get()
			.uri("/no/such/thing")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/not-found")
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.instance")
			.isEqualTo("/no/such/thing");
	}

	@Test
	void wrongMethodIsAMethodNotAllowedProblemWithAllow() {
		this.client.get()
			.uri("/auth/token")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.value(HttpHeaders.ALLOW, (allow) -> assertThat(allow).contains("POST"))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/method-not-allowed");
	}

	@Test
	void unsupportedContentTypeIsAProblem() {
		this.client.post()
			.uri("/auth/token")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("admin:secret")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/unsupported-media-type");
	}

	@Test
	void garbageBearerTokenIsAnInvalidTokenProblem() {
		this.client.get()
			.uri("/auth/accounts/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer not.a.jwt")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/invalid-token");
	}

}
