package io.cachegate.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

/**
 * auth-service negotiates the JWKS media type, so the auth route keys by {@code Accept}:
 * each caller gets the type it asked for, even from a service that forgets to say
 * {@code Vary: Accept}.
 */
class NegotiatedMediaTypeIntegrationTests extends GatewayIntegrationTestSupport {

	private static final String JWK_SET = "application/jwk-set+json";

	@Test
	void theFirstCallersMediaTypeIsNotServedToEveryone() {
		AUTH.on("GET", "/.well-known/jwks.json", request -> {
			String type = String.valueOf(request.header("Accept")).contains(JWK_SET) ? JWK_SET : "application/json";
			return Reply.of(200, "{\"keys\":[]}")
				.header("Content-Type", type)
				.header("Cache-Control", "public, max-age=300");
		});
		for (int i = 0; i < 2; i++) {
			client().get()
				.uri("/.well-known/jwks.json")
				.header(HttpHeaders.ACCEPT, JWK_SET)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType(JWK_SET);
			client().get()
				.uri("/.well-known/jwks.json")
				.header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType(MediaType.APPLICATION_JSON);
		}
		client().get()
			.uri("/.well-known/jwks.json")
			.header(HttpHeaders.ACCEPT, JWK_SET)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
	}

}
