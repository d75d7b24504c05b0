package io.cachegate.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.BeforeEach;
import io.lettuce.core.api.sync.RedisCommands;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.gateway.testsupport.FakeUsers;
import io.cachegate.gateway.testsupport.Fetch;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.gateway.testsupport.TestOrigin;
import io.cachegate.gateway.testsupport.TestTokens;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.Ports;
import io.cachegate.stack.RedisEndpoint;
import io.cachegate.stack.test.StackTestProperties;
import io.cachegate.stack.test.TcpProxy;

import static org.awaitility.Awaitility.await;

/**
 * One gateway for the integration tests that share Redis (logical database 3 of the
 * shared server): real HTTP origins started here (an auth stand-in serving a JWKS and
 * {@code POST /auth/token}, a user-service stand-in), tokens signed here, and routes
 * besides the production ones: {@code nocache} (cache turned off the way an operator
 * does, by environment variable), {@code public} (no authentication) and {@code down}
 * (nothing listens).
 */
@SpringBootTest(classes = { GatewayApplication.class, GatewayIntegrationTestSupport.TestRoutes.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = GatewayIntegrationTestSupport.EnvironmentVariables.class)
public abstract class GatewayIntegrationTestSupport {

	protected static final int REDIS_DATABASE = 3;

	protected static final TestTokens TOKENS = new TestTokens("test-key-1");

	protected static final TestOrigin AUTH = TestOrigin.start();

	protected static final TestOrigin ORIGIN = TestOrigin.start();

	protected static final FakeUsers USERS = new FakeUsers(ORIGIN);

	/** Basic credentials the auth stand-in accepts, and how many tokens it issued. */
	protected static final String BASIC_USER = "basic-alice";

	protected static final String BASIC_PASSWORD = "s3cret-Password";

	protected static final AtomicInteger TOKENS_ISSUED = new AtomicInteger();

	/** The last token the auth stand-in issued. */
	protected static final AtomicReference<String> LAST_ISSUED_TOKEN = new AtomicReference<>();

	/** The last token request the auth stand-in answered with a token. */
	protected static final AtomicReference<TestOrigin.Request> LAST_TOKEN_REQUEST = new AtomicReference<>();

	protected static final int DEAD_PORT = Ports.freePort();

	/**
	 * In front of {@link #ORIGIN} for the route {@code flaky} ({@code /flaky/**}): tests
	 * refuse connections here.
	 */
	protected static final TcpProxy FLAKY = TcpProxy.to("127.0.0.1", ORIGIN.port());

	private static final RedisClient REDIS_CLIENT = RedisClient.create(redisEndpoint().url(REDIS_DATABASE));

	protected static final RedisCommands<String, String> REDIS = REDIS_CLIENT.connect().sync();

	static {
		AUTH.on("GET", "/auth/jwks",
				request -> Reply.of(200, TOKENS.jwks()).header("Content-Type", "application/json"));
		AUTH.on("POST", "/auth/token", request -> {
			String expected = "Basic " + Base64.getEncoder()
				.encodeToString((BASIC_USER + ":" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8));
			String limited = "Basic "
					+ Base64.getEncoder().encodeToString("limited:x".getBytes(StandardCharsets.UTF_8));
			String given = request.header("Authorization");
			String hung = "Basic " + Base64.getEncoder().encodeToString("hung:x".getBytes(StandardCharsets.UTF_8));
			if (hung.equals(given)) {
				// An auth-service that took the connection but never answers (starting,
				// overloaded).
				return Reply.of(500, "").after(Mono.never());
			}
			if (limited.equals(given)) {
				return Reply.of(429, "{\"type\":\"https://cachegate.io/problems/too-many-requests\",\"status\":429}")
					.header("Content-Type", "application/problem+json")
					.header("Retry-After", "7");
			}
			if (!expected.equals(given)) {
				return Reply.of(401, "{\"status\":401}").header("Content-Type", "application/problem+json");
			}
			TOKENS_ISSUED.incrementAndGet();
			LAST_TOKEN_REQUEST.set(request);
			String token = TOKENS.token("MANAGER");
			LAST_ISSUED_TOKEN.set(token);
			return Reply.of(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":900}")
				.header("Content-Type", "application/json");
		});
	}

	@LocalServerPort
	protected int port;

	protected static RedisEndpoint redisEndpoint() {
		return Infrastructure.redis();
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		StackTestProperties.registerRedis(registry, redisEndpoint(), REDIS_DATABASE);
		registry.add("AUTH_SERVICE_URL", AUTH::url);
		registry.add("AUTH_JWKS_URL", () -> AUTH.url() + "/auth/jwks");
		registry.add("USER_SERVICE_URL", ORIGIN::url);
		registry.add("CACHEGATE_BASIC_CACHE_SECRET", () -> "test-secret-" + ProcessHandle.current().pid());
		registry.add("CACHEGATE_ORIGIN_RESPONSE_TIMEOUT", () -> "2s");
		registry.add("CACHEGATE_ORIGIN_CONNECT_TIMEOUT", () -> "1000");
		// This machine is shared and busy: a 100 ms Redis timeout would make these tests
		// flaky, not more honest.
		// The outage tests use the production timeout.
		registry.add("CACHEGATE_REDIS_TIMEOUT", () -> "2s");
	}

	/**
	 * The gateway's Redis connection is up (its first calls may otherwise be bypassed
	 * while it connects).
	 */
	@BeforeEach
	void awaitCacheReady() {
		// On a machine loaded by parallel builds a request can stall: each try is short
		// and a stalled one is retried.
		WebTestClient quick = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(5))
			.build();
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.untilAsserted(() -> quick.get()
				.uri("/public/warm-up")
				.exchange()
				.expectHeader()
				.valueMatches("X-Cache", "MISS|HIT"));
	}

	protected WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.filter(Watchdog::watch)
			.build();
	}

	/** A GET of the path through the gateway, to build on and send. */
	protected Fetch fetch(String path) {
		return Fetch.get(client(), path);
	}

	/**
	 * Dumps every thread's stack once when a request takes over 8 s: a hang should say
	 * where it hangs.
	 */
	static final class Watchdog {

		private static final java.util.Map<Object, Long> started = new java.util.concurrent.ConcurrentHashMap<>();

		private static final java.util.concurrent.atomic.AtomicBoolean dumped = new java.util.concurrent.atomic.AtomicBoolean();

		static {
			Thread thread = new Thread(() -> {
				while (true) {
					try {
						Thread.sleep(1000);
					}
					catch (InterruptedException ex) {
						return;
					}
					long now = System.nanoTime();
					started.forEach((request, at) -> {
						if (now - at > 8_000_000_000L && dumped.compareAndSet(false, true)) {
							StringBuilder dump = new StringBuilder("WATCHDOG slow request " + request + "\n");
							Thread.getAllStackTraces().forEach((t, stack) -> {
								dump.append(t.getName()).append(' ').append(t.getState()).append('\n');
								for (StackTraceElement e : stack) {
									dump.append("    at ").append(e).append('\n');
								}
							});
							System.out.println(dump);
						}
					});
				}
			}, "test-watchdog");
			thread.setDaemon(true);
			thread.start();
		}

		static reactor.core.publisher.Mono<org.springframework.web.reactive.function.client.ClientResponse> watch(
				org.springframework.web.reactive.function.client.ClientRequest request,
				org.springframework.web.reactive.function.client.ExchangeFunction next) {
			Object id = request.method() + " " + request.url() + " #" + System.nanoTime();
			return next.exchange(request)
				.doOnSubscribe(s -> started.put(id, System.nanoTime()))
				.doFinally(signal -> started.remove(id));
		}

	}

	protected static String bearer(String role) {
		return "Bearer " + TOKENS.token(role);
	}

	protected static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** A path no other test uses, under a prefix the stand-in origin handles. */
	protected static String unique(String prefix) {
		return prefix + "/" + Long.toHexString(System.nanoTime());
	}

	/** A path of its own under the prefix, which the origin answers with the reply. */
	protected static String served(String prefix, Reply reply) {
		String path = unique(prefix);
		ORIGIN.on("GET", path, request -> reply);
		return path;
	}

	/** The Redis keys of cache entries of a route. */
	protected static List<String> entryKeys(String route) {
		return REDIS.keys("cg:{" + route + "}:e:*");
	}

	/**
	 * Sets variables the way the process environment does, so relaxed binding from names
	 * such as {@code CACHEGATE_CACHE_ROUTES_NOCACHE_ENABLED} is what is tested.
	 */
	static class EnvironmentVariables implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			Map<String, Object> variables = Map.of("CACHEGATE_CACHE_ROUTES_NOCACHE_ENABLED", "false",
					"CACHEGATE_AUTH_PUBLIC_PATHS",
					"POST /auth/token,/auth/jwks,/.well-known/jwks.json,GET /actuator/health,"
							+ "GET /actuator/health/**,GET /actuator/info,"
							+ "GET /v3/api-docs/**,GET /swagger-ui.html,GET /swagger-ui/**,GET /webjars/swagger-ui/**,/public/**",
					"CACHEGATE_CACHE_ROUTES_USERS_MAX_ENTRY_SIZE", "8KB", "CACHEGATE_CACHE_ROUTES_PUBLIC_MAX_VARIANTS",
					"3", "CACHEGATE_CACHE_ROUTES_PUBLIC_TARGETED_FIELDS",
					"Cachegate-Cache-Control,CDN-Cache-Control,Surrogate-Control");
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-" + "systemEnvironment", variables));
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestRoutes {

		@Bean
		RouteDefinitionLocator testRoutes() {
			return () -> Flux.just(route("nocache", "/nocache/**", ORIGIN.url()),
					route("public", "/public/**", ORIGIN.url()),
					route("down", "/down/**", "http://127.0.0.1:" + DEAD_PORT),
					route("flaky", "/flaky/**", "http://127.0.0.1:" + FLAKY.port()));
		}

		private static RouteDefinition route(String id, String path, String uri) {
			RouteDefinition route = new RouteDefinition();
			route.setId(id);
			route.setUri(URI.create(uri));
			route.setPredicates(List.of(new PredicateDefinition("Path=" + path)));
			route.setFilters(List.of(new FilterDefinition("Cache")));
			return route;
		}

	}

}
