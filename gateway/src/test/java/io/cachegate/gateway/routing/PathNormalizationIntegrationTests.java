package io.cachegate.gateway.routing;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.gateway.GatewayIntegrationTestSupport;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing, the cache key and the service see one normalized path; encodings that servers
 * read differently are refused before anything routes them.
 */
class PathNormalizationIntegrationTests extends GatewayIntegrationTestSupport {

	private URI raw(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	@Test
	void encodedDotSegmentsAreRefusedBeforeRoutingEvenWithAValidToken() {
		String imports = unique("/imports");
		ORIGIN.on("GET", imports,
				request -> Reply.of(200, "{\"import\":true}").header("Content-Type", "application/json"));
		String sneaky = "/users/%2E%2E" + imports;
		client().get()
			.uri(raw(sneaky))
			.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/bad-path")
			.jsonPath("$.requestId")
			.exists();
		client().get()
			.uri(raw("/auth/%2e%2e/actuator/prometheus"))
			.header(HttpHeaders.AUTHORIZATION, bearer("ADMIN"))
			.exchange()
			.expectStatus()
			.isBadRequest();
		assertThat(ORIGIN.calls("GET", imports)).isZero();
	}

	@Test
	void encodedSlashesAreRefused() {
		client().get()
			.uri(raw("/users/1%2F..%2F..%2Fimports"))
			.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void aLiteralDotSegmentIsRoutedByThePathItLeadsTo() {
		String imports = unique("/imports");
		ORIGIN.on("GET", imports,
				request -> Reply.of(200, "{\"import\":true}").header("Content-Type", "application/json"));
		// /users/../imports/x is /imports/x: the imports route (never cached, no
		// X-Cache), not the users route's cache.
		client().get()
			.uri(raw("/users/.." + imports))
			.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.doesNotExist("X-Cache");
		assertThat(ORIGIN.calls("GET", imports)).isEqualTo(1);
		assertThat(entryKeys("users")).noneMatch(key -> REDIS.hget(key, "t").contains("uri:" + imports));
	}

}
