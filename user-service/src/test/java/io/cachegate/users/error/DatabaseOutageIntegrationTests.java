package io.cachegate.users.error;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.stack.test.Answers;
import io.cachegate.stack.test.ProxiedPostgres;
import io.cachegate.users.support.IntegrationTestBase;
import io.cachegate.users.support.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL going away under the running service, made by a proxy in front of a database
 * of this test's own (the shared server stays up): every request that needs the database
 * gets a 503 problem with {@code Retry-After}, never a 500, and writes work again once it
 * is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
class DatabaseOutageIntegrationTests {

	private static final TestTokens TOKENS = TestTokens.start();

	@RegisterExtension
	private static final ProxiedPostgres DATABASE = ProxiedPostgres.freshDatabase("users_outage");

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void proxiedDatabase(DynamicPropertyRegistry registry) {
		IntegrationTestBase.registerOwnStreams(registry, DATABASE.databaseName());
		registry.add("AUTH_JWKS_URL", TOKENS::jwksUrl);
		DATABASE.register(registry, IntegrationTestBase.REDIS_DATABASE);
		registry.add("USERS_DB_CONNECT_TIMEOUT", () -> "2s");
		registry.add("USERS_DB_POOL_MAX_ACQUIRE_TIME", () -> "2s");
	}

	@Test
	void writesWhileTheDatabaseIsDownAreServiceUnavailableAndWorkAgainAfter() {
		long id = createUser();
		DATABASE.down();

		assertUnavailable(as("MANAGER").post().uri("/users").contentType(MediaType.APPLICATION_JSON).bodyValue(user()));
		assertUnavailable(
				as("MANAGER").put().uri("/users/{id}", id).contentType(MediaType.APPLICATION_JSON).bodyValue(user()));
		assertUnavailable(as("ADMIN").delete().uri("/users/{id}", id));

		DATABASE.up();
		assertThat(createUser()).isPositive();
	}

	@Test
	void readsWhileTheDatabaseIsDownAreServiceUnavailable() {
		long id = createUser();
		DATABASE.down();

		assertUnavailable(as("USER").get().uri("/users/{id}", id));
		assertUnavailable(as("USER").get().uri("/users?q=ana"));
	}

	@Test
	void firstReadAfterAnOutageNoRequestSawIsServed() {
		long id = createUser();
		// The idle connections the outage cuts without anyone noticing.
		as("USER").get().uri("/users/{id}", id).exchange().expectStatus().isOk();
		DATABASE.down();
		DATABASE.up();

		as("USER").get().uri("/users/{id}", id).exchange().expectStatus().isOk();
	}

	private WebTestClient as(String role) {
		return this.client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + TOKENS.token(role)).build();
	}

	private long createUser() {
		Number id = (Number) as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(user())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
		return id.longValue();
	}

	private static Map<String, Object> user() {
		String name = "outage" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		return Map.of("username", name, "email", name + "@example.com", "firstName", "Ana", "lastName", "Silva",
				"birthDate", "1990-05-17", "taxId", "529.982.247-25", "phone", "+55 11 91234-5678", "city", "Recife");
	}

	private static void assertUnavailable(WebTestClient.RequestHeadersSpec<?> request) {
		long began = System.nanoTime();
		Answers.assertServiceUnavailable(request.exchange());
		// The pool's connect and acquire limits (2 s here) bound the wait, not a client's
		// timeout.
		assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
	}

}
