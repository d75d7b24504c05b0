package io.cachegate.users.user;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.users.support.IntegrationTestBase;

class UserReadIntegrationTests extends IntegrationTestBase {

	@Test
	void readsUserWithEveryField() {
		String name = unique();
		long id = idOf(createUser(validUser(name)));
		as("USER").get()
			.uri("/users/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id)
			.jsonPath("$.username")
			.isEqualTo(name)
			.jsonPath("$.email")
			.isEqualTo(name + "@example.com")
			.jsonPath("$.firstName")
			.isEqualTo("Ana")
			.jsonPath("$.lastName")
			.isEqualTo("Silva")
			.jsonPath("$.birthDate")
			.isEqualTo("1990-05-17")
			.jsonPath("$.taxId")
			.isEqualTo("52998224725")
			.jsonPath("$.phone")
			.isEqualTo("+55 11 91234-5678")
			.jsonPath("$.city")
			.isEqualTo("Recife")
			.jsonPath("$.createdAt")
			.isNotEmpty()
			.jsonPath("$.updatedAt")
			.isNotEmpty()
			.jsonPath("$.version")
			.isEqualTo(0);
	}

	@Test
	void readOfOneUserCarriesTheCacheContractHeaders() {
		long id = idOf(createUser(validUser(unique())));
		as("USER").get()
			.uri("/users/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"0\"")
			.expectHeader()
			.valueEquals("Cache-Tag", "user:" + id)
			.expectHeader()
			.valueEquals("Cachegate-Cache-Control", "max-age=60")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-store");
	}

	@Test
	void answersNotModifiedWhenIfNoneMatchNamesTheCurrentVersion() {
		long id = idOf(createUser(validUser(unique())));
		as("USER").get()
			.uri("/users/{id}", id)
			.header(HttpHeaders.IF_NONE_MATCH, "W/\"0\"")
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"0\"")
			.expectBody()
			.isEmpty();
		as("USER").get()
			.uri("/users/{id}", id)
			.header(HttpHeaders.IF_NONE_MATCH, "\"7\"")
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void headAnswersTheHeadersOfGet() {
		long id = idOf(createUser(validUser(unique())));
		as("USER").head()
			.uri("/users/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"0\"")
			.expectHeader()
			.valueEquals("Cache-Tag", "user:" + id)
			.expectBody()
			.isEmpty();
	}

	@Test
	void unknownIdIsNotFoundProblem() {
		as("USER").get()
			.uri("/users/{id}", Long.MAX_VALUE)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/not-found")
			.jsonPath("$.status")
			.isEqualTo(404)
			.jsonPath("$.id")
			.isEqualTo(Long.MAX_VALUE)
			.jsonPath("$.instance")
			.isEqualTo("/users/" + Long.MAX_VALUE);
	}

	@Test
	void idThatIsNotANumberIsInvalidInput() {
		as("USER").get()
			.uri("/users/abc")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/invalid-request")
			.jsonPath("$.errors[0].field")
			.isEqualTo("id");
	}

	@Test
	void unknownPathIsNotFoundProblem() {
		as("USER").get()
			.uri("/nothing-here")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/not-found");
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyRoleMayRead() {
		Map<String, Object> user = createUser(validUser(unique()));
		for (String role : new String[] { "USER", "MANAGER", "ADMIN" }) {
			as(role).get().uri("/users/{id}", idOf(user)).exchange().expectStatus().isOk();
			as(role).get().uri("/users").exchange().expectStatus().isOk();
		}
	}

}
