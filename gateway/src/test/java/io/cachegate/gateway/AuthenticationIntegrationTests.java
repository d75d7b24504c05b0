package io.cachegate.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.gateway.testsupport.TestOrigin;
import io.cachegate.gateway.testsupport.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request is authenticated, cache hits included; bad credentials get 401
 * problem+json.
 */
class AuthenticationIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void cachedEntryIsRefusedWithoutValidCredentials() {
		long id = USERS.create("hidden");
		String token = bearer("USER");
		client().get().uri("/users/" + id).header(HttpHeaders.AUTHORIZATION, token).exchange().expectStatus().isOk();
		client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
		client().get()
			.uri("/users/" + id)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"cachegate\"",
					"Basic realm=\"cachegate\", charset=\"UTF-8\"")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/unauthorized")
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.detail")
			.exists();
		assertRefused("/users/" + id, "Bearer not-a-jwt");
		assertThat(ORIGIN.calls("GET", "/users/" + id)).isEqualTo(1);
	}

	@Test
	void expiredTokenIsRefused() {
		String expired = TOKENS.token("USER", b -> b.issuedAt(Date.from(Instant.now().minus(Duration.ofHours(1))))
			.expiration(Date.from(Instant.now().minus(Duration.ofMinutes(5)))));
		assertRefused("/users/1", "Bearer " + expired).jsonPath("$.detail")
			.value(d -> assertThat((String) d).contains("expired"));
	}

	@Test
	void tamperedTokenIsRefused() {
		String token = TOKENS.token("USER");
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"USER\"", "\"ADMIN\"");
		String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
				+ "." + parts[2];
		assertRefused("/users/1", "Bearer " + tampered);
	}

	@Test
	void anyDamageToTheSignatureGivesA401AtOnce() {
		String token = TOKENS.token("USER");
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		java.util.Random random = new java.util.Random(7);
		for (int i = 0; i < 40; i++) {
			StringBuilder damaged = new StringBuilder(token);
			int cut = 1 + random.nextInt(6);
			damaged.setLength(token.length() - cut);
			for (int j = 0; j < cut; j++) {
				damaged.append(alphabet.charAt(random.nextInt(alphabet.length())));
			}
			// Base64url's last character carries spare bits: a change there may decode to
			// the very same signature.
			if (!sameSignature(token, damaged.toString())) {
				assertRefused("/users/1", "Bearer " + damaged);
			}
		}
		assertRefused("/users/1", "Bearer " + token.substring(0, token.length() - 4) + "AAAA");
	}

	@Test
	void unsignedTokenIsRefused() {
		String header = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"alg\":\"none\",\"kid\":\"" + TOKENS.kid() + "\"}").getBytes());
		String payload = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("{\"iss\":\"" + TestTokens.ISSUER + "\",\"aud\":\"" + TestTokens.AUDIENCE
					+ "\",\"sub\":\"1\",\"role\":\"ADMIN\",\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond()
					+ "}")
				.getBytes());
		assertRefused("/users/1", "Bearer " + header + "." + payload + ".");
	}

	@Test
	void tokenSignedWithAnHmacKeyIsRefused() {
		String hs256 = Jwts.builder()
			.header()
			.keyId(TOKENS.kid())
			.and()
			.issuer(TestTokens.ISSUER)
			.audience()
			.add(TestTokens.AUDIENCE)
			.and()
			.subject("1")
			.claim("role", "ADMIN")
			.expiration(Date.from(Instant.now().plusSeconds(600)))
			.signWith(Keys.hmacShaKeyFor(new byte[32]), Jwts.SIG.HS256)
			.compact();
		assertRefused("/users/1", "Bearer " + hs256);
	}

	@Test
	void tokenForAnotherAudienceOrIssuerIsRefused() {
		assertRefused("/users/1", "Bearer " + TOKENS.token("USER", b -> b.audience().single("someone-else")))
			.jsonPath("$.detail")
			.value(d -> assertThat((String) d).contains("aud"));
		assertRefused("/users/1", "Bearer " + TOKENS.token("USER", b -> b.issuer("elsewhere")));
	}

	@Test
	void tokenSignedByAnUnknownKeyIsRefused() {
		TestTokens stranger = new TestTokens("stranger");
		assertRefused("/users/1", "Bearer " + stranger.token("ADMIN"));
	}

	@Test
	void basicCredentialsAreExchangedOnceAndKeptUnderAnHmac() {
		long id = USERS.create("basic");
		int issuedBefore = TOKENS_ISSUED.get();
		String basic = basic(BASIC_USER, BASIC_PASSWORD);
		for (int i = 0; i < 5; i++) {
			client().get()
				.uri("/users/" + id)
				.header(HttpHeaders.AUTHORIZATION, basic)
				.header("X-Request-Id", "basic-" + i)
				.exchange()
				.expectStatus()
				.isOk();
		}
		assertThat(TOKENS_ISSUED.get() - issuedBefore).isEqualTo(1);
		// auth-service's login limiter must count the client, not the gateway, and its
		// log must show the request id.
		assertThat(LAST_TOKEN_REQUEST.get().header("X-Forwarded-For")).isEqualTo("127.0.0.1");
		assertThat(LAST_TOKEN_REQUEST.get().header("X-Request-Id")).isEqualTo("basic-0");
		String key = "cg:basic:"
				+ hmacHex("test-secret-" + ProcessHandle.current().pid(), BASIC_USER + ":" + BASIC_PASSWORD);
		assertThat(REDIS.exists(key)).isEqualTo(1L);
		assertThat(key).doesNotContain(BASIC_PASSWORD).doesNotContain(BASIC_USER);
		// Sealed for the credentials: a Redis reader gets neither the token nor any part
		// of it.
		assertThat(REDIS.get(key)).doesNotContain(BASIC_PASSWORD).doesNotContain("eyJ");
		for (String part : LAST_ISSUED_TOKEN.get().split("\\.")) {
			assertThat(REDIS.get(key)).doesNotContain(part);
		}
		assertThat(REDIS.pttl(key)).isBetween(Duration.ofMinutes(13).toMillis(), Duration.ofMinutes(15).toMillis());
	}

	@Test
	void theServicesGetTheClientAddressFromTheConnectionNotFromWhatTheClientClaims() {
		client().post()
			.uri("/auth/token")
			.header(HttpHeaders.AUTHORIZATION, basic(BASIC_USER, BASIC_PASSWORD))
			.header("X-Forwarded-For", "203.0.113.7")
			.header("Forwarded", "for=198.51.100.1")
			.exchange()
			.expectStatus()
			.isOk();
		TestOrigin.Request seen = LAST_TOKEN_REQUEST.get();
		assertThat(seen.headers().getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
		assertThat(seen.headers().getAll("Forwarded")).singleElement()
			.satisfies(forwarded -> assertThat(forwarded).contains("for=\"127.0.0.1").doesNotContain("198.51.100.1"));
	}

	private static String hmacHex(String secret, String text) {
		try {
			javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
			mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
					"HmacSHA256"));
			return java.util.HexFormat.of()
				.formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void wrongBasicPasswordIsRefused() {
		assertRefused("/users/1", basic(BASIC_USER, "wrong"));
	}

	@Test
	void rateLimitOfAuthServicePassesThroughAsItIs() {
		client().get()
			.uri("/users/1")
			.header(HttpHeaders.AUTHORIZATION, basic("limited", "x"))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.valueEquals("Retry-After", "7")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/too-many-requests");
	}

	@Test
	void basicExchangeThatAuthServiceNeverAnswersFailsWithinThreeSeconds() {
		long began = System.nanoTime();
		client().get()
			.uri("/users/1")
			.header(HttpHeaders.AUTHORIZATION, basic("hung", "x"))
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/authentication-unavailable");
		// The goal operators are given: a clear failure within 3 s, the whole answer
		// included, not only the exchange's own timeout.
		assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void tokenEndpointAndKeysNeedNoCredentials() {
		client().post()
			.uri("/auth/token")
			.header(HttpHeaders.AUTHORIZATION, basic(BASIC_USER, BASIC_PASSWORD))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.access_token")
			.exists();
		client().get()
			.uri("/auth/jwks")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.keys[0].kid")
			.isEqualTo(TOKENS.kid());
		client().get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

	@Test
	void originReceivesTheVerifiedTokenAndNoClientSuppliedIdentityHeaders() {
		String path = unique("/users/t/echo");
		AtomicReference<String> seen = new AtomicReference<>();
		ORIGIN.on("GET", path, request -> {
			seen.set(request.header("Authorization") + "|" + request.header("X-User-Role") + "|"
					+ request.header("X-Request-Id") + "|" + request.header("X-User-Spoofed"));
			return Reply.of(200, "ok").header("Cache-Control", "no-store");
		});
		String token = TOKENS.token("USER");
		// The scheme in any case (RFC 9110); internal headers in any case, including one
		// the gateway never sets.
		client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "bEARER " + token)
			.header("x-USER-role", "ADMIN")
			.header("X-User-Spoofed", "yes")
			.header("X-Request-Id", "req-123")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Request-Id", "req-123");
		assertThat(seen.get()).isEqualTo("Bearer " + token + "|USER|req-123|null");
	}

	@Test
	void requestIdIsMadeWhenAbsent() {
		client().get()
			.uri("/users/1")
			.exchange()
			.expectHeader()
			.valueMatches("X-Request-Id", "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
	}

	private static boolean sameSignature(String a, String b) {
		try {
			return java.util.Arrays.equals(Base64.getUrlDecoder().decode(a.substring(a.lastIndexOf('.') + 1)),
					Base64.getUrlDecoder().decode(b.substring(b.lastIndexOf('.') + 1)));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private org.springframework.test.web.reactive.server.WebTestClient.BodyContentSpec assertRefused(String path,
			String authorization) {
		return client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists(HttpHeaders.WWW_AUTHENTICATE)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/invalid-credentials");
	}

}
