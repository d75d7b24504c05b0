package io.cachegate.auth.error;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.auth.IntegrationTestSupport;
import io.cachegate.stack.test.Answers;
import io.cachegate.stack.test.ProxiedPostgres;

/**
 * PostgreSQL going away under the running service, made by a proxy in front of a database
 * of this test's own (the shared server stays up): logins get a 503 problem with
 * {@code Retry-After}, never a 500, and work again as soon as it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageIntegrationTests {

	@RegisterExtension
	private static final ProxiedPostgres DATABASE = ProxiedPostgres.freshDatabase("auth_outage");

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void proxiedDatabase(DynamicPropertyRegistry registry) {
		DATABASE.register(registry, 1);
		IntegrationTestSupport.registerAccountsAndKeys(registry);
		registry.add("AUTH_DB_POOL_MAX_ACQUIRE_TIME", () -> "2s");
	}

	@Test
	void loginsWhileTheDatabaseIsDownAreServiceUnavailableAndWorkAgainOnceItIsBack() {
		login().expectStatus().isOk();
		DATABASE.down();

		Answers.assertServiceUnavailable(login());

		DATABASE.up();
		// The first login after the outage, not an eventual one: connections the outage
		// cut
		// must not be handed out again.
		login().expectStatus().isOk();
	}

	@Test
	void firstLoginAfterAnOutageNoRequestSawIsServed() {
		// Fills the pool's idle connections, which the outage then cuts without anyone
		// noticing.
		login().expectStatus().isOk();
		login().expectStatus().isOk();
		DATABASE.down();
		DATABASE.up();

		login().expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec login() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.post()
			.uri("/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", IntegrationTestSupport.ADMIN_USERNAME, "password",
					IntegrationTestSupport.ADMIN_PASSWORD))
			.exchange();
	}

}
