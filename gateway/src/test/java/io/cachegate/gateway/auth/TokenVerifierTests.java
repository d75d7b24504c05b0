package io.cachegate.gateway.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import javax.crypto.spec.SecretKeySpec;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.cachegate.gateway.testsupport.TestTokens;
import io.cachegate.stack.test.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link TokenVerifier} on a fixed clock: {@code exp} and {@code nbf} against the clock
 * with the configured skew (30 s), the memory of verified tokens that ends at their
 * {@code exp}, issuer and audience, and the refusal of other algorithms, bad signatures
 * and unknown keys. The key set comes from the WebClient's exchange function (no HTTP
 * server), which also counts the fetches.
 */
class TokenVerifierTests {

	private static final TestTokens TOKENS = new TestTokens("verifier");

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private final MovableClock clock = new MovableClock(NOW);

	private final AtomicInteger keyFetches = new AtomicInteger();

	private final AuthProperties properties = new AuthProperties(URI.create("http://auth.test/auth/jwks"),
			URI.create("http://auth.test/auth/token"), TestTokens.ISSUER, TestTokens.AUDIENCE, "RS256",
			Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(3), "secret",
			Duration.ofSeconds(30), 1000, List.of(), List.of("X-User-"));

	private final JsonMapper json = JsonMapper.builder().build();

	private final WebClient authService = WebClient.builder().exchangeFunction(request -> {
		keyFetches.incrementAndGet();
		return Mono.just(ClientResponse.create(HttpStatus.OK)
			.header("Content-Type", "application/json")
			.body(TOKENS.jwks())
			.build());
	}).build();

	private final TokenVerifier verifier = new TokenVerifier(new JwksKeys(authService, json, properties, clock), json,
			properties, clock);

	@Test
	void acceptsAValidTokenAndSaysWhoTheCallerIs() {
		VerifiedToken verified = verify(token(NOW.plusSeconds(900), b -> b));
		assertThat(verified.subject()).isEqualTo("42");
		assertThat(verified.username()).isEqualTo("alice");
		assertThat(verified.role()).isEqualTo("USER");
		assertThat(verified.expiresAt()).isEqualTo(NOW.plusSeconds(900));
	}

	@Test
	void refusesATokenExpiredLongerAgoThanTheSkew() {
		assertThat(verify(token(NOW.minusSeconds(29), b -> b))).as("inside the skew").isNotNull();
		assertRefused(token(NOW.minusSeconds(31), b -> b), "the token has expired");
	}

	@Test
	void refusesATokenWhoseNotBeforeIsFurtherAheadThanTheSkew() {
		Instant exp = NOW.plusSeconds(900);
		assertThat(verify(token(exp, b -> b.notBefore(Date.from(NOW.plusSeconds(29)))))).as("inside the skew")
			.isNotNull();
		assertRefused(token(exp, b -> b.notBefore(Date.from(NOW.plusSeconds(31)))), "the token is not valid yet");
	}

	@Test
	void remembersAVerifiedTokenUntilItsExpiryAndNoLonger() {
		String token = token(NOW.plusSeconds(60), b -> b);
		assertThat(verifier.known(token)).as("not verified yet").isNull();
		verify(token);
		assertThat(verifier.known(token)).isNotNull();

		clock.move(Duration.ofSeconds(59));
		assertThat(verifier.known(token)).isNotNull();
		clock.move(Duration.ofSeconds(1));
		assertThat(verifier.known(token)).as("forgotten at its exp").isNull();
		assertThat(verify(token)).as("verified again, inside the skew").isNotNull();
		clock.move(Duration.ofSeconds(31));
		assertRefused(token, "the token has expired");
	}

	@Test
	void refusesATokenForAnotherIssuerOrAudience() {
		Instant exp = NOW.plusSeconds(900);
		assertRefused(token(exp, b -> b.issuer("someone-else")), "the token was not issued for this gateway (iss)");
		assertRefused(token(exp, b -> b.audience().single("another-api")),
				"the token was not issued for this gateway (aud)");
	}

	@Test
	void refusesUnsignedTokensOtherAlgorithmsAndBrokenSignatures() {
		Instant exp = NOW.plusSeconds(900);
		String hmac = token(exp,
				b -> b.signWith(
						new SecretKeySpec("a secret of at least thirty-two bytes!".getBytes(StandardCharsets.UTF_8),
								"HmacSHA256"),
						Jwts.SIG.HS256));
		String valid = token(exp, b -> b);
		String[] parts = valid.split("\\.");
		String none = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"alg\":\"none\",\"kid\":\"" + TOKENS.kid() + "\"}").getBytes(StandardCharsets.UTF_8));
		String unsigned = none + "." + parts[1] + ".";
		String otherPayload = token(exp, b -> b.claim("role", "ADMIN")).split("\\.")[1];

		String refused = "the token is malformed or uses a key or algorithm not accepted";
		assertRefused(unsigned, refused);
		assertRefused(hmac, refused);
		assertRefused(parts[0] + "." + otherPayload + "." + parts[2], "the token's signature does not verify");
		assertRefused("not-a-token", "the token is not a well-formed JWS");
	}

	@Test
	void anUnknownKeyFetchesTheKeySetAgainAtMostOncePerInterval() {
		verify(token(NOW.plusSeconds(900), b -> b));
		assertThat(keyFetches).hasValue(1);
		TestTokens stranger = new TestTokens("unknown-kid");

		String forged = stranger.token("ADMIN",
				b -> b.issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(900))));
		assertRefused(forged, "the token is malformed or uses a key or algorithm not accepted");
		assertThat(keyFetches).as("inside the refresh interval").hasValue(1);

		clock.move(Duration.ofSeconds(31));
		assertRefused(forged, "the token is malformed or uses a key or algorithm not accepted");
		assertThat(keyFetches).as("the interval has passed").hasValue(2);
	}

	/** A USER token signed by the test key, issued now on the clock. */
	private static String token(Instant expiresAt, UnaryOperator<JwtBuilder> customize) {
		return TOKENS.token("USER", b -> customize.apply(b.issuedAt(Date.from(NOW)).expiration(Date.from(expiresAt))));
	}

	private VerifiedToken verify(String token) {
		return verifier.verify(token).block(Duration.ofSeconds(10));
	}

	private void assertRefused(String token, String reason) {
		assertThatThrownBy(() -> verify(token)).isInstanceOf(InvalidCredentialsException.class).hasMessage(reason);
	}

}
