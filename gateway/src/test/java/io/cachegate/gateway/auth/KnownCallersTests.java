package io.cachegate.gateway.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.gateway.testsupport.TestOrigin;
import io.cachegate.gateway.testsupport.TestTokens;
import io.cachegate.stack.test.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fast path may take as authenticated without asking anything: only tokens
 * verified before, unexpired.
 */
class KnownCallersTests {

	private static final TestTokens TOKENS = new TestTokens("known-callers");

	private static final TestOrigin AUTH = TestOrigin.start();

	static {
		AUTH.on("GET", "/auth/jwks",
				request -> Reply.of(200, TOKENS.jwks()).header("Content-Type", "application/json"));
	}

	private final MovableClock clock = new MovableClock(Instant.now());

	private final AuthProperties properties = new AuthProperties(URI.create(AUTH.url() + "/auth/jwks"),
			URI.create(AUTH.url() + "/auth/token"), TestTokens.ISSUER, TestTokens.AUDIENCE, "RS256",
			Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(3), "secret",
			Duration.ofSeconds(30), 1000, List.of("POST /auth/token", "/public/**"), List.of("X-User-"));

	private final JsonMapper json = JsonMapper.builder().build();

	private final TokenVerifier verifier = new TokenVerifier(new JwksKeys(WebClient.create(), json, properties, clock),
			json, properties, clock);

	private final BasicTokenExchange basic = new BasicTokenExchange(WebClient.create(), null, null, verifier,
			properties, clock);

	private final KnownCallers callers = new KnownCallers(verifier, basic,
			new AuthenticationWebFilter(verifier, basic, properties), properties, clock);

	@AfterAll
	static void stopOrigin() {
		AUTH.close();
	}

	@Test
	void aTokenIsKnownOnlyOnceTheGatewayVerifiedIt() {
		String token = TOKENS.token("USER");
		assertThat(get("/users/1", "Bearer " + token)).isNull();
		verifier.verify(token).block(Duration.ofSeconds(10));
		assertThat(get("/users/1", "Bearer " + token)).extracting(VerifiedToken::role).isEqualTo("USER");
		assertThat(get("/users/1", "bearer  " + token + " ")).isNotNull();
	}

	@Test
	void aTokenDifferentInOneCharacterIsNotKnown() {
		String token = TOKENS.token("ADMIN");
		verifier.verify(token).block(Duration.ofSeconds(10));
		assertThat(get("/users/1", "Bearer " + token)).isNotNull();
		char last = token.charAt(token.length() - 1);
		String forged = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
		assertThat(get("/users/1", "Bearer " + forged)).isNull();
	}

	@Test
	void anExpiredTokenIsNoLongerKnown() {
		String token = TOKENS.token("USER");
		verifier.verify(token).block(Duration.ofSeconds(10));
		assertThat(get("/users/1", "Bearer " + token)).isNotNull();
		clock.move(Duration.ofMinutes(16));
		assertThat(get("/users/1", "Bearer " + token)).isNull();
	}

	@Test
	void publicPathsOtherSchemesAndUnknownBasicCredentialsAreLeftToTheFilter() {
		String token = TOKENS.token("USER");
		verifier.verify(token).block(Duration.ofSeconds(10));
		assertThat(get("/public/x", "Bearer " + token)).isNull();
		assertThat(get("/users/1", "Digest " + token)).isNull();
		assertThat(get("/users/1", "Basic YWxpY2U6c2VjcmV0")).isNull();
		assertThat(get("/users/1", "Basic %%%")).isNull();
		assertThat(callers.of(HttpMethod.GET, "/users/1", null)).isNull();
	}

	@Test
	void comparesWholeTokens() {
		assertThat(KnownCallers.constantTimeEquals("abc", "abc")).isTrue();
		assertThat(KnownCallers.constantTimeEquals("abc", "abd")).isFalse();
		assertThat(KnownCallers.constantTimeEquals("abc", "abcd")).isFalse();
		assertThat(KnownCallers.constantTimeEquals("", "")).isTrue();
	}

	private VerifiedToken get(String path, String authorization) {
		return callers.of(HttpMethod.GET, path, authorization);
	}

}
