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
		WebTestClient.ResponseSpec response = as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validUser(name))
			.exchange()
			.expectStatus()
			.isCreated();
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
		as("ADMIN").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validUser(unique()))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	@Test
	void optionalFieldsMayBeLeftOut() {
		Map<String, Object> body = new HashMap<>(validUser(unique()));
		body.remove("taxId");
		body.remove("phone");
		body.put("city", "  ");
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
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
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "invalid-request")
			.jsonPath("$.errors.length()")
			.isEqualTo(1)
			.jsonPath("$.errors[0].field")
			.isEqualTo(field)
			.jsonPath("$.errors[0].message")
			.isNotEmpty();
	}

	@Test
	void namesEveryMissingFieldAtOnce() {
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(5)
			.jsonPath("$.errors[*].field")
			.value((fields) -> assertThat(fields.toString()).contains("username", "email", "firstName", "lastName",
					"birthDate"));
	}

	@Test
	void fieldOfTheWrongJsonTypeIsNamed() {
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\": {\"nested\": true}}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "invalid-request")
			.jsonPath("$.errors[0].field")
			.isEqualTo("username");
	}

	@Test
	void malformedJsonIsAProblem() {
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\": \"abc\", ")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "malformed-request")
			.jsonPath("$.status")
			.isEqualTo(400);
	}

	@Test
	void jsonThatIsNotAnObjectIsAProblemThatHidesInternals() {
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[1, 2]")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "malformed-request")
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).doesNotContain("io.cachegate"));
	}

	@Test
	void syntaxErrorIsLocated() {
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\": abc}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "malformed-request")
			.jsonPath("$.detail")
			.value((detail) -> assertThat(detail.toString()).contains("line 1"));
	}

	@Test
	void bodyOverTheConfiguredLimitIsPayloadTooLarge() {
		Map<String, Object> body = new HashMap<>(validUser(unique()));
		body.put("city", "x".repeat(300 * 1024));
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "payload-too-large");
	}

	@Test
	void missingBodyIsAProblem() {
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "malformed-request");
	}

	@Test
	void bodyThatIsNotJsonIsUnsupportedMediaType() {
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("username=abc")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "unsupported-media-type");
	}

	@Test
	void unsupportedMethodIsMethodNotAllowed() {
		long id = idOf(createUser(validUser(unique())));
		as("ADMIN").patch()
			.uri("/users/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(405)
			.expectHeader()
			.exists(HttpHeaders.ALLOW)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "method-not-allowed");
	}

	@Test
	void duplicateUsernameIgnoringCaseIsConflict() {
		String name = unique();
		createUser(validUser(name));
		Map<String, Object> body = new HashMap<>(validUser(name.toUpperCase()));
		body.put("email", unique() + "@example.com");
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "duplicate")
			.jsonPath("$.field")
			.isEqualTo("username");
	}

	@Test
	void duplicateEmailIgnoringCaseIsConflict() {
		String name = unique();
		createUser(validUser(name));
		Map<String, Object> body = new HashMap<>(validUser(unique()));
		body.put("email", name.toUpperCase() + "@EXAMPLE.com");
		as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "duplicate")
			.jsonPath("$.field")
			.isEqualTo("email");
	}

	@Test
	void replaceChangesEveryFieldAndIncrementsTheVersion() {
		long id = idOf(createUser(validUser(unique())));
		String renamed = unique();
		Map<String, Object> body = new HashMap<>(validUser(renamed));
		body.put("city", "Olinda");
		body.remove("taxId");
		as("MANAGER").put()
			.uri("/users/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
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
		as("MANAGER").put()
			.uri("/users/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(changed)
			.exchange()
			.expectStatus()
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
		as("MANAGER").put()
			.uri("/users/{id}", id)
			.header(HttpHeaders.IF_MATCH, "\"0\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validUser(name))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"");
		as("MANAGER").put()
			.uri("/users/{id}", id)
			.header(HttpHeaders.IF_MATCH, "\"0\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validUser(name))
			.exchange()
			.expectStatus()
			.isEqualTo(412)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "precondition-failed")
			.jsonPath("$.currentVersion")
			.isEqualTo(1);
		// The refused write changed nothing.
		as("USER").get().uri("/users/{id}", id).exchange().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
	}

	@Test
	void weakETagNeverSatisfiesIfMatch() {
		String name = unique();
		long id = idOf(createUser(validUser(name)));
		as("MANAGER").put()
			.uri("/users/{id}", id)
			.header(HttpHeaders.IF_MATCH, "W/\"0\"")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validUser(name))
			.exchange()
			.expectStatus()
			.isEqualTo(412);
	}

	@Test
	void replaceOfUnknownUserIsNotFound() {
		as("MANAGER").put()
			.uri("/users/{id}", Long.MAX_VALUE - 1)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(validUser(unique()))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "not-found");
	}

	@Test
	void replaceWithInvalidFieldsIsInvalidInput() {
		long id = idOf(createUser(validUser(unique())));
		Map<String, Object> body = new HashMap<>(validUser(unique()));
		body.put("email", "nope");
		as("MANAGER").put()
			.uri("/users/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("email");
	}

	@Test
	void replaceTakingAnotherUsersEmailIsConflict() {
		String taken = unique();
		createUser(validUser(taken));
		String name = unique();
		long id = idOf(createUser(validUser(name)));
		Map<String, Object> body = new HashMap<>(validUser(name));
		body.put("email", taken + "@example.com");
		as("MANAGER").put()
			.uri("/users/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.field")
			.isEqualTo("email");
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
		as("ADMIN").delete()
			.uri("/users/{id}", Long.MAX_VALUE - 2)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void deleteWithStaleETagIsPreconditionFailed() {
		long id = idOf(createUser(validUser(unique())));
		as("ADMIN").delete()
			.uri("/users/{id}", id)
			.header(HttpHeaders.IF_MATCH, "\"3\"")
			.exchange()
			.expectStatus()
			.isEqualTo(412);
		as("USER").get().uri("/users/{id}", id).exchange().expectStatus().isOk();
	}

}
