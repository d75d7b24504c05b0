package io.cachegate.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.stack.Infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application built against the library, on a real Redis, in front of a small
 * origin: hits, keys scoped by role, write-through, invalidation and the admin API, all
 * behind the application's own Spring Security.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleGatewayIntegrationTests {

	/** A Redis database of its own, emptied before each test. */
	private static final int REDIS_DATABASE = 13;

	private static final Origin ORIGIN = new Origin();

	@LocalServerPort
	int port;

	WebTestClient client;

	@Autowired
	ReactiveStringRedisTemplate redis;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> Infrastructure.redis().url(REDIS_DATABASE));
		registry.add("ORIGIN_URL", ORIGIN::url);
	}

	@AfterAll
	static void stopOrigin() {
		ORIGIN.server.disposeNow();
	}

	@BeforeEach
	void emptyCacheAndCounts() {
		client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		redis.getConnectionFactory().getReactiveConnection().serverCommands().flushDb().block();
		ORIGIN.reads.clear();
	}

	@Test
	void publicReadsAreServedFromTheCacheAfterTheFirst() {
		read("/catalog/items/1", null).expectHeader().valueEquals("X-Cache", "MISS");
		read("/catalog/items/1", null).expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectBody(String.class)
			.isEqualTo("{\"item\":1,\"version\":1}");
		assertThat(ORIGIN.readsOf("/catalog/items/1")).isEqualTo(1);
	}

	@Test
	void authenticatedAnswersAreKeyedByRoleAndNeverServedWithoutCredentials() {
		read("/account/items/1", "alice:alice-secret").expectHeader().valueEquals("X-Cache", "MISS");
		read("/account/items/1", "alice:alice-secret").expectHeader().valueEquals("X-Cache", "HIT");
		// Another role: its own entry, made by the origin for it.
		read("/account/items/1", "admin:admin-secret").expectHeader().valueEquals("X-Cache", "MISS");
		assertThat(ORIGIN.readsOf("/account/items/1")).isEqualTo(2);
		request(HttpMethod.GET, "/account/items/1", null).exchange().expectStatus().isUnauthorized();
		request(HttpMethod.GET, "/account/items/1", "alice:wrong").exchange().expectStatus().isUnauthorized();
		assertThat(ORIGIN.readsOf("/account/items/1")).isEqualTo(2);
	}

	@Test
	void aWriteIsWrittenThroughAndTheNextReadIsAHitWithTheNewRepresentation() {
		read("/account/items/7", "alice:alice-secret").expectBody(String.class).isEqualTo("{\"item\":7,\"version\":1}");
		write(HttpMethod.PUT, "/account/items/7", "alice:alice-secret").isOk();
		read("/account/items/7", "alice:alice-secret").expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectBody(String.class)
			.isEqualTo("{\"item\":7,\"version\":2}");
		assertThat(ORIGIN.readsOf("/account/items/7")).isEqualTo(1);
	}

	@Test
	void anUnsafeRequestInvalidatesItsTarget() {
		read("/catalog/items/3", null).expectHeader().valueEquals("X-Cache", "MISS");
		write(HttpMethod.POST, "/catalog/items/3", null).isNoContent();
		read("/catalog/items/3", null).expectHeader().valueEquals("X-Cache", "MISS");
		assertThat(ORIGIN.readsOf("/catalog/items/3")).isEqualTo(2);
	}

	@Test
	void theAdminApiIsForAdministratorsAndClearsTheCache() {
		read("/catalog/items/5", null).expectHeader().valueEquals("X-Cache", "MISS");
		request(HttpMethod.GET, "/admin/cache/stats", "alice:alice-secret").exchange().expectStatus().isForbidden();
		request(HttpMethod.GET, "/admin/cache/stats", "admin:admin-secret").exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.entries")
			.value(entries -> assertThat(((Number) entries).longValue()).isPositive());
		request(HttpMethod.DELETE, "/admin/cache", "admin:admin-secret").exchange().expectStatus().isOk();
		read("/catalog/items/5", null).expectHeader().valueEquals("X-Cache", "MISS");
	}

	private WebTestClient.ResponseSpec read(String path, String credentials) {
		return request(HttpMethod.GET, path, credentials).exchange().expectStatus().isOk();
	}

	/** Sends a JSON body of {@code {}}; the answer's status, to check. */
	private StatusAssertions write(HttpMethod method, String path, String credentials) {
		return request(method, path, credentials).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus();
	}

	/**
	 * A request to the gateway, with Basic credentials ({@code user:password}) unless
	 * they are {@code null}.
	 */
	private WebTestClient.RequestBodySpec request(HttpMethod method, String path, String credentials) {
		return client.method(method).uri(path).headers(headers -> {
			if (credentials != null) {
				String[] parts = credentials.split(":", 2);
				headers.setBasicAuth(parts[0], parts[1]);
			}
		});
	}

	/**
	 * The origin: items with a version, cacheable for a minute; a PUT answers the new
	 * representation with its {@code Content-Location}, so the cache can write it
	 * through; a POST answers 204.
	 */
	private static final class Origin {

		final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

		final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();

		final DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle(this::answer).bindNow();

		String url() {
			return "http://127.0.0.1:" + server.port();
		}

		int readsOf(String path) {
			AtomicInteger count = reads.get(path);
			return count == null ? 0 : count.get();
		}

		private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
			String path = request.fullPath();
			String id = path.substring(path.lastIndexOf('/') + 1);
			AtomicInteger version = versions.computeIfAbsent(path, p -> new AtomicInteger(1));
			return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
				switch (request.method().name()) {
					case "GET" -> reads.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
					case "PUT" -> {
						version.incrementAndGet();
						response.header("Content-Location", path);
					}
					case "POST" -> {
						return Mono.from(response.status(204).send());
					}
					default -> {
						return Mono.from(response.status(405).send());
					}
				}
				String json = "{\"item\":" + id + ",\"version\":" + version.get() + "}";
				return Mono.from(response.status(200)
					.header("Content-Type", "application/json")
					.header("ETag", "\"" + version.get() + "\"")
					.header("Cache-Control", "public, max-age=60")
					.sendString(Mono.just(json)));
			});
		}

	}

}
