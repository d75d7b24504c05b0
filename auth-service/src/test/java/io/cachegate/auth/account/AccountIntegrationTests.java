package io.cachegate.auth.account;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec;

import io.cachegate.auth.IntegrationTestSupport;
import io.cachegate.auth.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

class AccountIntegrationTests extends IntegrationTestSupport {

	@Test
	void adminCreatesAnAccountThatCanLogIn() {
		String username = uniqueName("Created");
		String location = create(adminToken(),
				Map.of("username", username, "email", "c@example.com", "password", "created-password", "role",
						"MANAGER"))
			.expectStatus()
			.isCreated()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.id")
			.isNumber()
			.jsonPath("$.username")
			.isEqualTo(username)
			.jsonPath("$.email")
			.isEqualTo("c@example.com")
			.jsonPath("$.role")
			.isEqualTo("MANAGER")
			.jsonPath("$.disabled")
			.isEqualTo(false)
			.jsonPath("$.createdAt")
			.isNotEmpty()
			.jsonPath("$.updatedAt")
			.isNotEmpty()
			.jsonPath("$.passwordHash")
			.doesNotExist()
			.jsonPath("$.password")
			.doesNotExist()
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
		assertThat(location).matches("/auth/accounts/\\d+");

		this.client.get()
			.uri(location)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo(username);
		assertThat(token(username.toLowerCase(), "created-password")).isNotBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "USER", "MANAGER" })
	void onlyAdminMayCreateAccounts(String role) {
		create(tokenForNewAccount(role), validAccount()).expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/forbidden")
			.jsonPath("$.status")
			.isEqualTo(403);
	}

	@Test
	void creatingWithoutATokenIsUnauthorized() {
		this.client.post()
			.uri("/auth/accounts")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validAccount())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/unauthorized");
	}

	@Test
	void rejectsATamperedSignature() {
		String token = tokenForNewAccount("USER");
		String[] parts = token.split("\\.");
		String payload = decodeBase64Url(parts[1]).replace("\"role\":\"USER\"", "\"role\":\"ADMIN\"");
		assertThat(payload).contains("\"role\":\"ADMIN\"");
		assertInvalidToken(parts[0] + "." + base64Url(payload) + "." + parts[2]);
	}

	@Test
	void rejectsAnExpiredToken() {
		Instant past = Instant.now().minusSeconds(3600);
		assertInvalidToken(signedToken(TestKeys.ENV_KEY, "1", "ADMIN",
				(builder) -> builder.issuedAt(Date.from(past.minusSeconds(900))).expiration(Date.from(past))));
	}

	@Test
	void rejectsATokenWithoutExpiry() {
		assertInvalidToken(signedToken(TestKeys.ENV_KEY, "1", "ADMIN", (builder) -> builder.expiration(null)));
	}

	@Test
	void rejectsAWrongAudience() {
		assertInvalidToken(
				signedToken(TestKeys.ENV_KEY, "1", "ADMIN", (builder) -> builder.audience().single("someone-else")));
	}

	@Test
	void rejectsAWrongIssuer() {
		assertInvalidToken(signedToken(TestKeys.ENV_KEY, "1", "ADMIN", (builder) -> builder.issuer("evil")));
	}

	@Test
	void rejectsAKeyItDoesNotPublish() {
		assertInvalidToken(signedToken(TestKeys.STRANGER, "1", "ADMIN", (builder) -> builder));
	}

	@Test
	void rejectsAlgNone() {
		String header = base64Url("{\"alg\":\"none\",\"kid\":\"" + kid(TestKeys.FILE_NEWEST) + "\"}");
		String payload = base64Url("{\"iss\":\"cachegate-auth\",\"aud\":\"cachegate\",\"sub\":\"1\",\"role\":\"ADMIN\","
				+ "\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");
		assertInvalidToken(header + "." + payload + ".");
	}

	@Test
	void acceptsATokenSignedByAnOlderPublishedKey() {
		String username = uniqueName("older");
		createAccount(username, "older-key-password", "USER");
		String id = String.valueOf(this.database.sql("select id from auth.accounts where username = :u")
			.bind("u", username)
			.map((row) -> row.get("id", Long.class))
			.one()
			.block());
		this.client.get()
			.uri("/auth/accounts/me")
			.header(HttpHeaders.AUTHORIZATION,
					"Bearer " + signedToken(TestKeys.ENV_KEY, id, "USER", (builder) -> builder))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo(username);
	}

	@Test
	void refusesADuplicateUsernameWhateverItsCase() {
		String username = uniqueName("twin");
		createAccount(username, "twin-password-123", "USER");
		create(adminToken(),
				Map.of("username", username.toUpperCase(), "email", "t@example.com", "password", "twin-password-456",
						"role", "USER"))
			.expectStatus()
			.isEqualTo(409)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/duplicate-username");
	}

	@Test
	void namesEveryInvalidField() {
		create(adminToken(), Map.of("username", "x", "email", "not-an-email", "password", "short", "role", "KING"))
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/invalid-request")
			.jsonPath("$.errors[*].field")
			.isEqualTo(List.of("email", "password", "role", "username"))
			.jsonPath("$.errors[?(@.field == 'password')].message")
			.isEqualTo(List.of("must be at least 12 characters"));
	}

	@Test
	void namesMissingFields() {
		create(adminToken(), Map.of()).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[*].field")
			.isEqualTo(List.of("email", "password", "role", "username"));
	}

	@Test
	void refusesMalformedJson() {
		this.client.post()
			.uri("/auth/accounts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\": \"broken\"")
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
	void refusesAnUnsupportedMediaType() {
		this.client.post()
			.uri("/auth/accounts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken())
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("username=x")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/unsupported-media-type");
	}

	@ParameterizedTest
	@ValueSource(strings = { "USER", "MANAGER", "ADMIN" })
	void showsTheCallersOwnAccount(String role) {
		String token = tokenForNewAccount(role);
		this.client.get()
			.uri("/auth/accounts/me")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.role")
			.isEqualTo(role)
			.jsonPath("$.username")
			.value((String username) -> assertThat(username).startsWith(role.toLowerCase()))
			.jsonPath("$.passwordHash")
			.doesNotExist();
	}

	@Test
	void ownAccountNeedsAToken() {
		this.client.get()
			.uri("/auth/accounts/me")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void readingAnotherAccountNeedsAdmin() {
		this.client.get()
			.uri("/auth/accounts/1")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + tokenForNewAccount("MANAGER"))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void unknownAccountIsNotFound() {
		this.client.get()
			.uri("/auth/accounts/999999999")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken())
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/account-not-found");
	}

	private void assertInvalidToken(String token) {
		this.client.post()
			.uri("/auth/accounts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validAccount())
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(value) -> assertThat(value).startsWith("Bearer error=\"invalid_token\""))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/invalid-token");
	}

	private ResponseSpec create(String token, Map<String, ?> body) {
		return this.client.post()
			.uri("/auth/accounts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static Map<String, String> validAccount() {
		return Map.of("username", uniqueName("valid"), "email", "v@example.com", "password", "valid-password-1", "role",
				"USER");
	}

}
