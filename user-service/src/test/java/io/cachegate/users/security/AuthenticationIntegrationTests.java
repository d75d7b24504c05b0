package io.cachegate.users.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.users.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationIntegrationTests extends IntegrationTestBase {

	private static final String PROBLEMS = "https://cachegate.io/problems/";

	@Test
	void requestWithoutTokenIsUnauthorizedWithBearerChallenge() {
		this.client.get()
			.uri("/users")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "unauthorized")
			.jsonPath("$.status")
			.isEqualTo(401);
	}

	@Test
	void basicCredentialsAreNotAccepted() {
		this.client.get()
			.uri("/users")
			.headers((headers) -> headers.setBasicAuth("admin", "secret"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	@Test
	void validTokenIsAccepted() {
		as("USER").get().uri("/users").exchange().expectStatus().isOk();
		assertThat(TOKENS.jwksRequests()).isPositive();
	}

	@Test
	void acceptsTokenSignedWithANewlyPublishedKey() {
		as("USER").get().uri("/users").exchange().expectStatus().isOk();
		int fetchesBefore = TOKENS.jwksRequests();
		TOKENS.rotate();
		// The service holds only the old key: the unknown kid makes it fetch the key set
		// again.
		as("USER").get().uri("/users").exchange().expectStatus().isOk();
		assertThat(TOKENS.jwksRequests()).isGreaterThan(fetchesBefore);
	}

	@Test
	void rejectsTamperedSignature() {
		rejected(TOKENS.tamperedToken("USER"));
	}

	@Test
	void rejectsExpiredToken() {
		assertThat(rejected(TOKENS.expiredToken("ADMIN"))).containsIgnoringCase("expired");
	}

	@Test
	void rejectsTokenWithoutExpiry() {
		rejected(TOKENS.tokenWithoutExpiry("USER"));
	}

	@Test
	void rejectsWrongAudience() {
		rejected(TOKENS.tokenForAudience("USER", "someone-else"));
	}

	@Test
	void rejectsWrongIssuer() {
		rejected(TOKENS.tokenFromIssuer("USER", "https://evil.example"));
	}

	@Test
	void rejectsUnsignedAlgNoneToken() {
		rejected(TOKENS.unsignedToken("ADMIN"));
	}

	@Test
	void rejectsTokenSignedByUnknownKey() {
		rejected(TOKENS.tokenFromUnknownKey("USER"));
	}

	@Test
	void rejectsOtherSignatureAlgorithms() {
		rejected(TOKENS.tokenWithRs384("USER"));
		rejected(TOKENS.tokenWithHs256("USER"));
	}

	@Test
	void rejectsGarbageToken() {
		rejected("not-a-jwt");
	}

	@Test
	void tokenWithoutAKnownRoleIsForbidden() {
		withToken(TOKENS.token("GUEST")).get()
			.uri("/users")
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "forbidden");
	}

	@Test
	void userMayNotCreateUpdateOrDelete() {
		long id = idOf(createUser(validUser(unique())));
		forbidden(as("USER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validUser(unique()))
			.exchange());
		forbidden(as("USER").put()
			.uri("/users/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validUser(unique()))
			.exchange());
		forbidden(as("USER").delete().uri("/users/{id}", id).exchange());
		as("USER").get().uri("/users/{id}", id).exchange().expectStatus().isOk();
	}

	@Test
	void managerMayNotDelete() {
		long id = idOf(createUser(validUser(unique())));
		forbidden(as("MANAGER").delete().uri("/users/{id}", id).exchange());
		as("USER").get().uri("/users/{id}", id).exchange().expectStatus().isOk();
	}

	/** Asserts the token is refused as invalid and returns the problem's detail. */
	private String rejected(String token) {
		Map<?, ?> problem = withToken(token).get()
			.uri("/users")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					(challenge) -> assertThat(challenge).startsWith("Bearer error=\"invalid_token\""))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem.get("type")).isEqualTo(PROBLEMS + "invalid-token");
		assertThat(problem.get("status")).isEqualTo(401);
		return String.valueOf(problem.get("detail"));
	}

	private static void forbidden(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "forbidden");
	}

}
