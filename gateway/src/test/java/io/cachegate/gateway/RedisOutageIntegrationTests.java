package io.cachegate.gateway;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.stack.EmbeddedRedis;
import io.cachegate.stack.test.TcpProxy;

import static io.cachegate.gateway.GatewayIntegrationTestSupport.AUTH;
import static io.cachegate.gateway.GatewayIntegrationTestSupport.ORIGIN;
import static io.cachegate.gateway.GatewayIntegrationTestSupport.TOKENS;
import static io.cachegate.gateway.GatewayIntegrationTestSupport.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped in the middle of a test (a Redis of this test's own, never the shared
 * one), or cut off by a proxy while it keeps its data: requests are still answered, from
 * the origin, with {@code X-Cache: BYPASS} and without waiting on Redis; once Redis is
 * back the cache resumes by itself, and a write made while Redis was unreachable is never
 * read stale. Runs with the production timeout and circuit breaker settings.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisOutageIntegrationTests {

	private static final EmbeddedRedis REDIS = EmbeddedRedis.startOnFreePort();

	/**
	 * The gateway reaches Redis through this proxy, so Redis can be cut off without
	 * losing what it holds.
	 */
	private static final TcpProxy PROXY = TcpProxy.to("127.0.0.1", REDIS.port());

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("REDIS_URL", () -> "redis://127.0.0.1:" + PROXY.port());
		registry.add("AUTH_SERVICE_URL", AUTH::url);
		registry.add("AUTH_JWKS_URL", () -> AUTH.url() + "/auth/jwks");
		registry.add("USER_SERVICE_URL", ORIGIN::url);
		// The near cache would answer hits for up to its bound without Redis: this test
		// is about Redis itself.
		registry.add("CACHEGATE_L1_ENABLED", () -> "false");
	}

	@AfterAll
	static void stopRedis() {
		PROXY.close();
		REDIS.stop();
	}

	@Test
	void answersFromTheOriginWhileRedisIsDownAndCachesAgainWhenItIsBack() {
		long id = USERS.create("outage");
		String token = "Bearer " + TOKENS.token("MANAGER");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> get(id, token).expectHeader().valueEquals("X-Cache", "MISS"));
		get(id, token).expectHeader().valueEquals("X-Cache", "HIT");

		REDIS.stop();
		for (int i = 0; i < 10; i++) {
			long started = System.nanoTime();
			get(id, token).expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Cache", "BYPASS")
				.expectHeader()
				.valueEquals("Cache-Status", "cachegate; fwd=bypass; detail=redis-unavailable")
				.expectBody()
				.jsonPath("$.name")
				.isEqualTo("outage");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
		}
		client().put()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"written-while-down\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Status", "cachegate; fwd=method; detail=unavailable");

		REDIS.start();
		// The write's invalidation is retried once Redis is back (this Redis lost its
		// data anyway); then the cache
		// serves the new representation.
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> get(id, token).expectHeader()
				.valueEquals("X-Cache", "HIT")
				.expectBody()
				.jsonPath("$.name")
				.isEqualTo("written-while-down"));
	}

	@Test
	void aWriteWhoseInvalidationRedisMissedIsNeverReadStaleOnceRedisIsBack() {
		long id = USERS.create("before-the-cut");
		String token = "Bearer " + TOKENS.token("MANAGER");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> get(id, token).expectHeader().valueEquals("X-Cache", "MISS"));
		get(id, token).expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("before-the-cut");

		// Redis keeps the old entry; only the gateway cannot reach it while the write
		// goes through.
		PROXY.mode(TcpProxy.Mode.REFUSE);
		try {
			client().put()
				.uri("/users/" + id)
				.header(HttpHeaders.AUTHORIZATION, token)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"name\":\"written-during-the-cut\"}")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("Cache-Status", "cachegate; fwd=method; detail=unavailable");
		}
		finally {
			PROXY.mode(TcpProxy.Mode.PASS);
		}

		// Every read from now on shows the write, whether Redis is reachable yet or not;
		// the old entry, still in
		// Redis until the invalidation is retried, is never served. Then the cache serves
		// the new representation.
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		Set<String> seen = new LinkedHashSet<>();
		String xCache = null;
		while (!"HIT".equals(xCache)) {
			assertThat(System.nanoTime()).as("a HIT within 15 s; seen %s", seen).isLessThan(deadline);
			var result = get(id, token).expectStatus().isOk().expectBody(String.class).returnResult();
			xCache = result.getResponseHeaders().getFirst("X-Cache");
			seen.add(xCache + " " + result.getResponseHeaders().getFirst("Cache-Status"));
			assertThat(result.getResponseBody()).as("read after the write (%s)", xCache)
				.contains("written-during-the-cut");
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

	private WebTestClient.ResponseSpec get(long id, String token) {
		return client().get().uri("/users/" + id).header(HttpHeaders.AUTHORIZATION, token).exchange();
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

}
