package io.cachegate.users.user;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.users.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

class UserWriteIntegrationTests extends IntegrationTestBase {

	private static final String PROBLEMS = "https://cachegate.io/problems/";

	@Test
	void createsUserWithLocationAndWriteThroughHeaders() {
		String name = unique();
		WebTestClient.ResponseSpec response = create(validUser(name)).expectStatus().isCreated();
		Map<?, ?> body = response.expectBody(Map.class).returnResult().getResponseBody();
		long id = ((Number) body.get("id")).longValue();
		response.expectHeader()
			.valueEquals(HttpHeaders.LOCATION, "/users/" + id)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_LOCATION, "/users/" + id)
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"0\"")
			.expectHeader()
			.valueEquals("Cache-Tag", "user:" + id)
			.expectHeader()
			.valueEquals("Cachegate-Invalidate", "users")
			.expectHeader()
			.valueEquals("Cachegate-Cache-Control", "max-age=60")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-store");
		assertThat(body.get("username")).isEqualTo(name);
		assertThat(body.get("taxId")).isEqualTo("52998224725");
		assertThat(body.get("version")).isEqualTo(0);
	}

	@Test
	void adminMayCreateToo() {
		create("ADMIN", validUser(unique())).expectStatus().isCreated();
	}

	@Test
	void optionalFieldsMayBeLeftOut() {
		Map<String, Object> body = new HashMap<>(validUser(unique()));
		body.remove("taxId");
		body.remove("phone");
		body.put("city", "  ");
		create(body).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.taxId")
			.isEmpty()
			.jsonPath("$.phone")
			.isEmpty()
			.jsonPath("$.city")
			.isEmpty();
	}

	@ParameterizedTest(name = "{0} = \"{1}\" is refused")
	@CsvSource(delimiter = '|',
			textBlock = """
					username  | ab
					username  | has space
					username  | ü-not-ascii
					username  | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
					email     | not-an-email
					email     | two@@example.com
					firstName | ''
					lastName  | ''
					birthDate | 17/05/1990
					birthDate | 2001-02-29
					birthDate | 2999-01-01
					birthDate | 1850-01-01
					taxId     | 529.982.247-26
					taxId     | 111.111.111-11
					taxId     | 5299822472
					phone     | call me
					phone     | +12
					city      | xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
					""")
	void refusesEachInvalidFieldByName(String field, String value) {
		Map<String, Object> body = new HashMap<>(validUser(unique()));
		body.put(field, value);
		problem(create(body), 400, "invalid-request").jsonPath("$.errors.length()")
			.isEqualTo(1)
			.jsonPath("$.errors[0].field")
			.isEqualTo(field)
			.jsonPath("$.errors[0].message")
			.isNotEmpty();
	}

	@Test
	void namesEveryMissingFieldAtOnce() {
		problem(create("{}"), 400, "invalid-request").jsonPath("$.errors.length()")
			.isEqualTo(5)
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("username", "email", "firstName", "lastName",
					"birthDate"));
	}

	@Test
	void fieldOfTheWrongJsonTypeIsNamed() {
		problem(create("{\"username\": {\"nested\": true}}"), 400, "invalid-request").jsonPath("$.errors[0].field")
			.isEqualTo("username");
	}

	@Test
	void malformedJsonIsAProblem() {
		problem(create("{\"username\": \"abc\", "), 400, "malformed-request").jsonPath("$.status").isEqualTo(400);
	}

	@Test
	void jsonThatIsNotAnObjectIsAProblemThatHidesInternals() {
		problem(create("[1, 2]"), 400, "malformed-request").jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).doesNotContain("io.cachegate"));
	}

	@Test
	void syntaxErrorIsLocated() {
		problem(create("{\"username\": abc}"), 400, "malformed-request").jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("line 1"));
	}

	@Test
	void bodyOverTheConfiguredLimitIsPayloadTooLarge() {
		Map<String, Object> body = new HashMap<>(validUser(unique()));
		body.put("city", "x".repeat(300 * 1024));
		problem(create(body), 413, "payload-too-large");
	}

	@Test
	void missingBodyIsAProblem() {
		problem(as("MANAGER").post().uri("/users").contentType(MediaType.APPLICATION_JSON).exchange(), 400,
				"malformed-request");
	}

	@Test
	void bodyThatIsNotJsonIsUnsupportedMediaType() {
		problem(as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("username=abc")
			.exchange(), 415, "unsupported-media-type");
	}

	@Test
	void unsupportedMethodIsMethodNotAllowed() {
		long id = idOf(createUser(validUser(unique())));
		problem(as("ADMIN").patch()
			.uri("/users/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectHeader()
			.exists(HttpHeaders.ALLOW), 405, "method-not-allowed");
	}

	@Test
	void duplicateUsernameIgnoringCaseIsConflict() {
		String name = unique();
		createUser(validUser(name));
		Map<String, Object> body = new HashMap<>(validUser(name.toUpperCase()));
		body.put("email", unique() + "@example.com");
		problem(create(body), 409, "duplicate").jsonPath("$.field").isEqualTo("username");
	}

	@Test
	void duplicateEmailIgnoringCaseIsConflict() {
		String name = unique();
		createUser(validUser(name));
		Map<String, Object> body = new HashMap<>(validUser(unique()));
		body.put("email", name.toUpperCase() + "@EXAMPLE.com");
		problem(create(body), 409, "duplicate").jsonPath("$.field").isEqualTo("email");
	}

	@Test
	void replaceChangesEveryFieldAndIncrementsTheVersion() {
		long id = idOf(createUser(validUser(unique())));
		String renamed = unique();
		Map<String, Object> body = new HashMap<>(validUser(renamed));
		body.put("city", "Olinda");
		body.remove("taxId");
		replace(id, null, body).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_LOCATION, "/users/" + id)
			.expectHeader()
			.valueEquals("Cache-Tag", "user:" + id)
			.expectHeader()
			.valueEquals("Cachegate-Invalidate", "users")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-store")
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id)
			.jsonPath("$.username")
			.isEqualTo(renamed)
			.jsonPath("$.city")
			.isEqualTo("Olinda")
			.jsonPath("$.taxId")
			.isEmpty()
			.jsonPath("$.version")
			.isEqualTo(1);
		as("USER").get()
			.uri("/users/{id}", id)
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectBody()
			.jsonPath("$.username")
			.isEqualTo(renamed);
	}

	@Test
	@SuppressWarnings("unchecked")
	void replaceAcceptsTheRepresentationAsReadIgnoringServerOwnedMembers() {
		long id = idOf(createUser(validUser(unique())));
		Map<String, Object> read = as("USER").get()
			.uri("/users/{id}", id)
			.exchange()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> changed = new HashMap<>(read);
		changed.put("city", "Natal");
		changed.put("version", 99);
		changed.put("id", 123456789);
		replace(id, null, changed).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id)
			.jsonPath("$.city")
			.isEqualTo("Natal")
			.jsonPath("$.version")
			.isEqualTo(1)
			.jsonPath("$.createdAt")
			.isEqualTo(read.get("createdAt"));
	}

	@Test
	void replaceWithTheCurrentETagSucceedsAndWithAStaleOneIsPreconditionFailed() {
		String name = unique();
		long id = idOf(createUser(validUser(name)));
		replace(id, "\"0\"", validUser(name)).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"");
		problem(replace(id, "\"0\"", validUser(name)), 412, "precondition-failed").jsonPath("$.currentVersion")
			.isEqualTo(1);
		// The refused write changed nothing.
		as("USER").get().uri("/users/{id}", id).exchange().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
	}

	@Test
	void weakETagNeverSatisfiesIfMatch() {
		String name = unique();
		long id = idOf(createUser(validUser(name)));
		problem(replace(id, "W/\"0\"", validUser(name)), 412, "precondition-failed");
	}

	@Test
	void replaceOfUnknownUserIsNotFound() {
		problem(replace(Long.MAX_VALUE - 1, null, validUser(unique())), 404, "not-found");
	}

	@Test
	void replaceWithInvalidFieldsIsInvalidInput() {
		long id = idOf(createUser(validUser(unique())));
		Map<String, Object> body = new HashMap<>(validUser(unique()));
		body.put("email", "nope");
		problem(replace(id, null, body), 400, "invalid-request").jsonPath("$.errors[0].field").isEqualTo("email");
	}

	@Test
	void replaceTakingAnotherUsersEmailIsConflict() {
		String taken = unique();
		createUser(validUser(taken));
		String name = unique();
		long id = idOf(createUser(validUser(name)));
		Map<String, Object> body = new HashMap<>(validUser(name));
		body.put("email", taken + "@example.com");
		problem(replace(id, null, body), 409, "duplicate").jsonPath("$.field").isEqualTo("email");
	}

	@Test
	void adminDeletesUserWithCacheTags() {
		long id = idOf(createUser(validUser(unique())));
		as("ADMIN").delete()
			.uri("/users/{id}", id)
			.exchange()
			.expectStatus()
			.isNoContent()
			.expectHeader()
			.valueEquals("Cache-Tag", "user:" + id)
			.expectHeader()
			.valueEquals("Cachegate-Invalidate", "users");
		as("USER").get().uri("/users/{id}", id).exchange().expectStatus().isNotFound();
		as("ADMIN").delete().uri("/users/{id}", id).exchange().expectStatus().isNotFound();
	}

	@Test
	void deleteOfUnknownUserIsNotFound() {
		problem(as("ADMIN").delete().uri("/users/{id}", Long.MAX_VALUE - 2).exchange(), 404, "not-found");
	}

	@Test
	void deleteWithStaleETagIsPreconditionFailed() {
		long id = idOf(createUser(validUser(unique())));
		problem(as("ADMIN").delete().uri("/users/{id}", id).header(HttpHeaders.IF_MATCH, "\"3\"").exchange(), 412,
				"precondition-failed");
		as("USER").get().uri("/users/{id}", id).exchange().expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec create(Object body) {
		return create("MANAGER", body);
	}

	private WebTestClient.ResponseSpec create(String role, Object body) {
		return as(role).post().uri("/users").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/**
	 * A full replace of user {@code id} by a MANAGER, guarded by {@code ifMatch} unless
	 * null.
	 */
	private WebTestClient.ResponseSpec replace(long id, String ifMatch, Object body) {
		return as("MANAGER").put().uri("/users/{id}", id).headers(headers -> {
			if (ifMatch != null) {
				headers.setIfMatch(ifMatch);
			}
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/**
	 * The answer is a problem+json of this status and type; its body, for more checks.
	 */
	private static WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String type) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + type);
	}

}
