package io.cachegate.users.security;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import io.cachegate.users.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

class JwtDecoderTests {

	private static final TestTokens TOKENS = TestTokens.start();

	@Test
	void decodesValidTokenWithRoleClaim() {
		ReactiveJwtDecoder decoder = decoder(URI.create(TOKENS.jwksUrl()));
		StepVerifier.create(decoder.decode(TOKENS.token("MANAGER")))
			.assertNext((jwt) -> assertThat(jwt.getClaimAsString("role")).isEqualTo("MANAGER"))
			.verifyComplete();
	}

	@Test
	void unreachableKeySetIsAnUnavailableServiceNotABadToken() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ReactiveJwtDecoder decoder = decoder(URI.create("http://127.0.0.1:" + closedPort + "/auth/jwks"));
		StepVerifier.create(decoder.decode(TOKENS.token("USER")))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(JwtException.class)
				.isNotInstanceOf(BadJwtException.class)
				.hasMessageContaining("key set is unavailable"))
			.verify(Duration.ofSeconds(10));
	}

	private static ReactiveJwtDecoder decoder(URI jwksUrl) {
		JwtProperties properties = new JwtProperties(jwksUrl, TestTokens.ISSUER, TestTokens.AUDIENCE,
				Duration.ofSeconds(30), Duration.ofSeconds(2));
		return new SecurityConfiguration().jwtDecoder(properties, Clock.systemUTC());
	}

}
