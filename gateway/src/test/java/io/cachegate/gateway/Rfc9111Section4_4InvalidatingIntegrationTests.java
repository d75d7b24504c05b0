package io.cachegate.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 section 4.4, invalidating stored responses: a non-error answer (2xx or 3xx) to
 * any unsafe method, one the gateway has never heard of included, invalidates the target
 * URI; an error answer does not, nor does a safe method.
 */
class Rfc9111Section4_4InvalidatingIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void aNonErrorAnswerToAnUnknownUnsafeMethodInvalidatesTheTargetUri() {
		String path = cached("/public/m-search");
		ORIGIN.on("M-SEARCH", path, request -> Reply.of(200, "searched"));
		assertThat(send("M-SEARCH", path)).isEqualTo("BYPASS");
		assertThat(read(path)).isEqualTo("MISS");
	}

	@Test
	void aRedirectAnswerToAPostInvalidatesTheTargetUri() {
		String path = cached("/public/post-redirect");
		ORIGIN.on("POST", path, request -> Reply.of(303, "").header("Location", "/elsewhere"));
		send("POST", path);
		assertThat(read(path)).isEqualTo("MISS");
	}

	@Test
	void anErrorAnswerOrASafeMethodLeavesTheEntry() {
		String path = cached("/public/error-or-safe");
		ORIGIN.on("DELETE", path, request -> Reply.of(409, "conflict"));
		ORIGIN.on("OPTIONS", path, request -> Reply.of(204, ""));
		send("DELETE", path);
		send("OPTIONS", path);
		assertThat(read(path)).isEqualTo("HIT");
	}

	/** A path whose GET is stored, then read once more from the cache. */
	private String cached(String prefix) {
		String path = served(prefix, Reply.of(200, "stored").header("Cache-Control", "public, max-age=60"));
		assertThat(read(path)).isEqualTo("MISS");
		assertThat(read(path)).isEqualTo("HIT");
		return path;
	}

	private String read(String path) {
		return fetch(path).answerHeader("X-Cache");
	}

	private String send(String method, String path) {
		return client().method(HttpMethod.valueOf(method))
			.uri(path)
			.exchange()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Cache");
	}

}
