package io.cachegate.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer about the caller is never shared, even when the service marks it storable:
 * the key holds the role, so two callers of one role would otherwise read each other's
 * account.
 */
class PrivatePathsIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void twoCallersOfTheSameRoleNeverSeeEachOthersOwnAccount() {
		// A careless service: the answer depends on the caller but says it may be stored
		// by anyone.
		AUTH.on("GET", "/auth/accounts/me",
				request -> Reply.of(200, "{\"subject\":\"" + request.header("X-User-Id") + "\"}")
					.header("Content-Type", "application/json")
					.header("Cache-Control", "public, max-age=60")
					.header("Cachegate-Cache-Control", "max-age=60"));
		// Entries a run without this rule may have left in the shared test database.
		entryKeys("auth").stream()
			.filter(key -> REDIS.hget(key, "t").contains("uri:/auth/accounts/me"))
			.forEach(REDIS::del);
		String alice = "Bearer " + TOKENS.token("USER", b -> b.subject("alice-" + System.nanoTime()));
		String bob = "Bearer " + TOKENS.token("USER", b -> b.subject("bob-" + System.nanoTime()));
		for (int i = 0; i < 2; i++) {
			for (String caller : new String[] { alice, bob }) {
				client().get()
					.uri("/auth/accounts/me")
					.header(HttpHeaders.AUTHORIZATION, caller)
					.exchange()
					.expectStatus()
					.isOk()
					.expectHeader()
					.valueEquals("X-Cache", "BYPASS")
					.expectHeader()
					.valueEquals("Cache-Status", "cachegate; fwd=bypass; detail=private")
					.expectBody(String.class)
					.value(body -> assertThat(body).isEqualTo("{\"subject\":\"" + subject(caller) + "\"}"));
			}
		}
		assertThat(entryKeys("auth")).noneMatch(key -> REDIS.hget(key, "t").contains("uri:/auth/accounts/me"));
	}

	/** The {@code sub} claim of a bearer token of the test key. */
	private static String subject(String bearer) {
		String payload = bearer.substring("Bearer ".length()).split("\\.")[1];
		String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
		return json.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
	}

}
