package io.cachegate.users.support;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.stack.PostgresEndpoint;
import io.cachegate.stack.test.StackTestProperties;

/**
 * The one application context every integration test shares: the whole service on a
 * random port, a fresh PostgreSQL database, Redis logical database 2, and a JWKS served
 * by {@link TestTokens}. Tests keep out of each other's way by creating their own users
 * with unique names rather than by cleaning up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "30s")
public abstract class IntegrationTestBase {

	/** Redis logical database owned by user-service tests. */
	public static final int REDIS_DATABASE = 2;

	/** One key pair and JWKS server for the whole test JVM, like one auth-service. */
	protected static final TestTokens TOKENS = TestTokens.start();

	@Autowired
	protected WebTestClient client;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		PostgresEndpoint database = StackTestProperties.register(registry, "users", REDIS_DATABASE);
		registerOwnStreams(registry, database.database());
		registry.add("CACHEGATE_IMPORT_CLAIM_TIMEOUT", () -> "3s");
		registry.add("AUTH_JWKS_URL", TOKENS::jwksUrl);
	}

	/**
	 * Change-event and import streams named after the test's own database. A fresh
	 * database per test JVM restarts ids at 1: streams of its own keep its change events
	 * apart from those of other test runs sharing the Redis database, and keep another
	 * test JVM's import workers from taking its parts.
	 */
	public static void registerOwnStreams(DynamicPropertyRegistry registry, String database) {
		registry.add("CACHEGATE_EVENTS_STREAM", () -> "cachegate:changes:test:" + database);
		registry.add("CACHEGATE_IMPORT_STREAM", () -> "cachegate:imports:test:" + database);
		registry.add("CACHEGATE_IMPORT_DEAD_LETTER_STREAM", () -> "cachegate:imports:dead:test:" + database);
	}

	/** A client whose requests carry a valid token for the role. */
	protected WebTestClient as(String role) {
		return withToken(TOKENS.token(role));
	}

	/** A client whose requests carry the given bearer token. */
	protected WebTestClient withToken(String token) {
		return this.client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).build();
	}

	/**
	 * A short string no other test uses, lower case letters only (usable in usernames,
	 * emails and names).
	 */
	protected static String unique() {
		StringBuilder letters = new StringBuilder("t");
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < 11; i++) {
			letters.append((char) ('a' + random.nextInt(26)));
		}
		return letters.toString();
	}

	/** A valid user body with the given username; the email is derived from it. */
	protected static Map<String, Object> validUser(String username) {
		return Map.of("username", username, "email", username + "@example.com", "firstName", "Ana", "lastName", "Silva",
				"birthDate", "1990-05-17", "taxId", "529.982.247-25", "phone", "+55 11 91234-5678", "city", "Recife");
	}

	/** Creates a user as MANAGER and returns its JSON as a map. */
	@SuppressWarnings("unchecked")
	protected Map<String, Object> createUser(Map<String, Object> body) {
		return as("MANAGER").post()
			.uri("/users")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	protected static long idOf(Map<String, Object> user) {
		return ((Number) user.get("id")).longValue();
	}

}
