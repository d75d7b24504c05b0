package io.cachegate.auth.error;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.auth.IntegrationTestSupport;
import io.cachegate.auth.TestKeys;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.PostgresEndpoint;
import io.cachegate.stack.test.StackTestProperties;
import io.cachegate.stack.test.TcpProxy;

/**
 * PostgreSQL going away under the running service, made by a proxy in front of a database
 * of this test's own (the shared server stays up): logins get a 503 problem with
 * {@code Retry-After}, never a 500, and work again as soon as it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageIntegrationTests {

	private static final PostgresEndpoint DATABASE = Infrastructure.freshDatabase("auth_outage");

	private static final TcpProxy PROXY = TcpProxy.to(DATABASE.host(), DATABASE.port());

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void proxiedDatabase(DynamicPropertyRegistry registry) {
		StackTestProperties.registerPostgres(registry, new PostgresEndpoint("127.0.0.1", PROXY.port(),
				DATABASE.database(), DATABASE.username(), DATABASE.password(), DATABASE.origin()));
		StackTestProperties.registerRedis(registry, Infrastructure.redis(), 1);
		registry.add("CACHEGATE_JWT_KEYS", TestKeys::envPem);
		registry.add("CACHEGATE_JWT_KEY_FILE", TestKeys::keyFile);
		registry.add("CACHEGATE_ADMIN_USERNAME", () -> IntegrationTestSupport.ADMIN_USERNAME);
		registry.add("CACHEGATE_ADMIN_PASSWORD", () -> IntegrationTestSupport.ADMIN_PASSWORD);
		registry.add("CACHEGATE_BCRYPT_STRENGTH", () -> "4");
		registry.add("AUTH_DB_POOL_MAX_ACQUIRE_TIME", () -> "2s");
	}

	@AfterEach
	void heal() {
		PROXY.mode(TcpProxy.Mode.PASS);
	}

	@Test
	void loginsWhileTheDatabaseIsDownAreServiceUnavailableAndWorkAgainOnceItIsBack() {
		login().expectStatus().isOk();
		PROXY.mode(TcpProxy.Mode.REFUSE);

		login().expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/service-unavailable");

		PROXY.mode(TcpProxy.Mode.PASS);
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
		PROXY.mode(TcpProxy.Mode.REFUSE);
		PROXY.mode(TcpProxy.Mode.PASS);

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
