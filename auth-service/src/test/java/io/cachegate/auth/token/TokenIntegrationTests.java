package io.cachegate.auth.token;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.auth.IntegrationTestSupport;
import io.cachegate.auth.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

class TokenIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@Test
	void issuesTokenForBasicCredentials() {
		String username = uniqueName("basic");
		createAccount(username, "basic-password-123", "USER");
		this.client.post()
			.uri("/auth/token")
			.headers((headers) -> headers.setBasicAuth(username, "basic-password-123", StandardCharsets.UTF_8))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody()
			.jsonPath("$.access_token")
			.isNotEmpty()
			.jsonPath("$.token_type")
			.isEqualTo("Bearer")
			.jsonPath("$.expires_in")
			.isEqualTo(900);
	}

	@Test
	void issuesTokenForJsonCredentialsWhateverTheUsernameCase() {
		String username = uniqueName("json");
		createAccount(username, "json-password-1234", "MANAGER");
		this.client.post()
			.uri("/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username.toUpperCase(), "password", "json-password-1234"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.token_type")
			.isEqualTo("Bearer")
			.jsonPath("$.expires_in")
			.isEqualTo(900);
	}

	@Test
	void tokenCarriesTheContractClaimsAndVerifiesWithThePublishedKey() {
		String username = uniqueName("claims");
		createAccount(username, "claims-password-12", "MANAGER");
		long id = this.database.sql("select id from auth.accounts where username = :u")
			.bind("u", username)
			.map((row) -> row.get("id", Long.class))
			.one()
			.block();
		String token = token(username, "claims-password-12");

		Map<String, Object> header = tokenHeader(token);
		assertThat(header).containsEntry("alg", "RS256").containsEntry("kid", kid(TestKeys.FILE_NEWEST));

		Jws<Claims> jws = Jwts.parser()
			.verifyWith(publishedKey((String) header.get("kid")))
			.build()
			.parseSignedClaims(token);
		Claims claims = jws.getPayload();
		assertThat(claims.getIssuer()).isEqualTo("cachegate-auth");
		assertThat(claims.getAudience()).containsExactly("cachegate");
		assertThat(claims.getSubject()).isEqualTo(Long.toString(id));
		assertThat(claims.get("preferred_username", String.class)).isEqualTo(username);
		assertThat(claims.get("role", String.class)).isEqualTo("MANAGER");
		assertThat(claims.getId()).isNotBlank();
		assertThat(Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
			.isEqualTo(Duration.ofMinutes(15));
		assertThat(claims.keySet()).containsExactlyInAnyOrder("iss", "aud", "sub", "preferred_username", "role", "iat",
				"exp", "jti");
	}

	@Test
	void wrongPasswordAndUnknownUserGetTheSameAnswer() {
		String username = uniqueName("same");
		createAccount(username, "right-password-123", "USER");
		byte[] wrongPassword = this.client.post()
			.uri("/auth/token")
			.headers((headers) -> headers.setBasicAuth(username, "wrong-password-123"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"cachegate\", charset=\"UTF-8\"")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/invalid-credentials")
			.returnResult()
			.getResponseBody();
		byte[] unknownUser = this.client.post()
			.uri("/auth/token")
			.headers((headers) -> headers.setBasicAuth(uniqueName("nobody"), "wrong-password-123"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"cachegate\", charset=\"UTF-8\"")
			.expectBody()
			.returnResult()
			.getResponseBody();
		assertThat(new String(unknownUser, StandardCharsets.UTF_8))
			.isEqualTo(new String(wrongPassword, StandardCharsets.UTF_8));
	}

	@Test
	void disabledAccountGetsTheSameAnswerAsAWrongPassword() {
		String username = uniqueName("disabled");
		createAccount(username, "disabled-password-1", "USER");
		this.database.sql("update auth.accounts set disabled = true where username = :u")
			.bind("u", username)
			.fetch()
			.rowsUpdated()
			.block();
		this.client.post()
			.uri("/auth/token")
			.headers((headers) -> headers.setBasicAuth(username, "disabled-password-1"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/invalid-credentials")
			.jsonPath("$.detail")
			.isEqualTo("The username or password is wrong, or the account is disabled.");
	}

	@Test
	void refusesAUsernameAfterFiveFailuresWithRetryAfterCountedInRedis() {
		String username = uniqueName("guessed");
		createAccount(username, "guessed-password-1", "USER");
		for (int attempt = 1; attempt <= 5; attempt++) {
			loginByJson(username, "guess-" + attempt).expectStatus().isUnauthorized();
		}
		String key = "cachegate:auth:login-failures:username:" + username.toLowerCase();
		assertThat(this.redis.opsForValue().get(key).block()).isEqualTo("5");
		Duration ttl = this.redis.getExpire(key).block();
		assertThat(ttl).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));

		// Even the right password is refused now: the limit is on attempts, not on wrong
		// ones.
		loginByJson(username, "guessed-password-1").expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (retryAfter) -> assertThat(Long.parseLong(retryAfter)).isBetween(1L, 300L))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/too-many-login-attempts")
			.jsonPath("$.status")
			.isEqualTo(429);

		// Another username from the same address is not affected (its address count is
		// only at 5 of 20).
		String other = uniqueName("bystander");
		createAccount(other, "bystander-password", "USER");
		loginByJson(other, "bystander-password").expectStatus().isOk();
	}

	@Test
	void anAccountGuessedAtFromOneAddressStillLogsInFromAnother() {
		String username = uniqueName("targeted");
		createAccount(username, "targeted-password-1", "USER");
		for (int attempt = 1; attempt <= 5; attempt++) {
			loginByJson(username, "guess-" + attempt).expectStatus().isUnauthorized();
		}
		loginByJson(username, "guess-6").expectStatus().isEqualTo(429);
		// The owner, elsewhere: five requests from someone who knows the username do not
		// lock them out.
		this.client.post()
			.uri("/auth/token")
			.header("X-Forwarded-For", "10.255.0." + ThreadLocalRandom.current().nextInt(1, 255))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", "targeted-password-1"))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void refusesAnAddressAfterTwentyFailuresAcrossUsernames() {
		for (int attempt = 1; attempt <= 20; attempt++) {
			loginByJson(uniqueName("spray"), "spray-password").expectStatus().isUnauthorized();
		}
		assertThat(this.redis.opsForValue().get("cachegate:auth:login-failures:address:" + this.clientAddress).block())
			.isEqualTo("20");
		loginByJson(ADMIN_USERNAME, ADMIN_PASSWORD).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists(HttpHeaders.RETRY_AFTER);
	}

	@Test
	void successfulLoginClearsTheUsernameFailures() {
		String username = uniqueName("forgetful");
		createAccount(username, "forgetful-password", "USER");
		for (int attempt = 1; attempt <= 4; attempt++) {
			loginByJson(username, "typo-" + attempt).expectStatus().isUnauthorized();
		}
		loginByJson(username, "forgetful-password").expectStatus().isOk();
		assertThat(this.redis.hasKey("cachegate:auth:login-failures:username:" + username.toLowerCase()).block())
			.isFalse();
		loginByJson(username, "typo-again").expectStatus().isUnauthorized();
	}

	@Test
	void ignoresAStaleBearerTokenSentToTheTokenEndpoint() {
		this.client.post()
			.uri("/auth/token")
			.header(HttpHeaders.AUTHORIZATION, "Bearer expired.or.garbage")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", ADMIN_USERNAME, "password", ADMIN_PASSWORD))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/auth/jwks")
			.header(HttpHeaders.AUTHORIZATION, "Bearer expired.or.garbage")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void namesMissingJsonFields() {
		this.client.post()
			.uri("/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\": \"\"}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/invalid-request")
			.jsonPath("$.errors[*].field")
			.isEqualTo(List.of("username", "password"));
	}

	@Test
	void refusesMalformedJson() {
		this.client.post()
			.uri("/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\": \"admin\", ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/malformed-request");
	}

	@Test
	void refusesARequestWithoutCredentials() {
		this.client.post()
			.uri("/auth/token")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("credentials");
	}

	@Test
	void refusesMalformedBasicCredentials() {
		this.client.post()
			.uri("/auth/token")
			.header(HttpHeaders.AUTHORIZATION, "Basic not-base64!")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("Authorization");
	}

}
