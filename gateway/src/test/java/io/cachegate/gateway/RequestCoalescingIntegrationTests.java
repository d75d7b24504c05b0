package io.cachegate.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Request coalescing: a herd on a cold key reaches the origin once per instance (about
 * once per cluster), and answers that cannot be shared never make requests wait in line.
 */
class RequestCoalescingIntegrationTests extends GatewayIntegrationTestSupport {

	private static final int HERD = 200;

	/**
	 * One connection per request: the herd really arrives together, not queued in a small
	 * pool.
	 */
	private static final WebClient HTTP = WebClient.builder()
		.clientConnector(new ReactorClientHttpConnector(HttpClient
			.create(ConnectionProvider.builder("herd").maxConnections(2 * HERD + 10).pendingAcquireMaxCount(-1).build())
			.responseTimeout(Duration.ofSeconds(20))))
		.build();

	@Test
	void aHerdOfConcurrentMissesOnAColdKeyReachesTheOriginOnce() {
		String path = served("/public/herd",
				Reply.of(200, "herd answer")
					.header("Cache-Control", "public, max-age=60")
					.delayed(Duration.ofMillis(500)));
		warmUp(port);
		List<Answer> answers = herd(port, path, HERD);
		assertThat(answers).hasSize(HERD).allSatisfy(answer -> {
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.body()).isEqualTo("herd answer");
		});
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(1);
		List<Answer> waiters = answers.stream().filter(a -> !"MISS".equals(a.xCache())).toList();
		assertThat(waiters).hasSize(HERD - 1).allSatisfy(a -> assertThat(a.cacheStatus()).startsWith("cachegate; hit"));
		List<Long> latencies = sorted(waiters);
		// The same herd again, now all hits: what 200 concurrent requests cost on this
		// machine without waiting.
		List<Long> hits = sorted(herd(port, path, HERD));
		System.out.printf("HERD %d requests on a cold key, origin calls %d (origin answers after 500 ms): waiters' "
				+ "latency p50 %d ms, p99 %d ms, max %d ms; the same herd on the warm key (all hits): p50 %d ms, "
				+ "p99 %d ms%n", HERD, ORIGIN.calls("GET", path), percentile(latencies, 50), percentile(latencies, 99),
				latencies.get(latencies.size() - 1), percentile(hits, 50), percentile(hits, 99));
	}

	private static List<Long> sorted(List<Answer> answers) {
		List<Long> latencies = new ArrayList<>(answers.stream().map(Answer::millis).toList());
		Collections.sort(latencies);
		return latencies;
	}

	private static long percentile(List<Long> sorted, int percent) {
		return sorted.get((int) Math.ceil(sorted.size() * percent / 100.0) - 1);
	}

	@Test
	void twoGatewayInstancesOnOneRedisReachTheOriginAtMostTwice() {
		try (ConfigurableApplicationContext second = secondInstance()) {
			int secondPort = Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
			// Warm both instances (connections, compiled code): the key is cold, the
			// gateways need not be.
			warmUp(port);
			warmUp(secondPort);
			String path = served("/public/herd2",
					Reply.of(200, "shared")
						.header("Cache-Control", "public, max-age=60")
						.delayed(Duration.ofMillis(500)));
			List<Answer> answers = Flux
				.merge(Mono.fromCallable(() -> herd(port, path, HERD / 2)),
						Mono.fromCallable(() -> herd(secondPort, path, HERD / 2)))
				.subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
				.flatMapIterable(list -> list)
				.collectList()
				.block(Duration.ofSeconds(60));
			assertThat(answers).hasSize(HERD).allSatisfy(answer -> assertThat(answer.body()).isEqualTo("shared"));
			assertThat(ORIGIN.calls("GET", path)).isBetween(1, 2);
		}
	}

	@Test
	void uncacheableAnswersDoNotMakeConcurrentRequestsWaitInLine() {
		String path = served("/public/uncacheable",
				Reply.of(200, "mine alone").header("Cache-Control", "no-store").delayed(Duration.ofMillis(400)));
		long started = System.nanoTime();
		List<Answer> answers = herd(port, path, 20);
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(answers).allSatisfy(answer -> assertThat(answer.xCache()).isEqualTo("MISS"));
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(20);
		// In line, 20 answers of 400 ms would take 8 s; the leader's answer releases the
		// others at once.
		assertThat(took).isLessThan(Duration.ofMillis(3000));
		await().atMost(Duration.ofSeconds(2))
			.until(() -> REDIS.exists(leaseKey("public GET " + path + " role=-")) == 0);
		// Nothing was remembered about the key: the next one goes to the origin without
		// waiting for anyone.
		herd(port, path, 1);
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(21);
	}

	/**
	 * A herd on another key first, so the measured one finds connections open and code
	 * compiled.
	 */
	private static void warmUp(int port) {
		String path = served("/public/herd-warm-up",
				Reply.of(200, "warm").header("Cache-Control", "public, max-age=60"));
		herd(port, path, HERD / 2);
		herd(port, path, HERD);
	}

	private static List<Answer> herd(int port, String path, int size) {
		return Flux.range(0, size).flatMap(i -> Mono.defer(() -> {
			long started = System.nanoTime();
			return HTTP.get()
				.uri("http://127.0.0.1:" + port + path)
				.exchangeToMono(response -> response.bodyToMono(String.class)
					.defaultIfEmpty("")
					.map(body -> new Answer(response.statusCode().value(),
							response.headers().asHttpHeaders().getFirst("X-Cache"),
							response.headers().asHttpHeaders().getFirst("Cache-Status"), body,
							(System.nanoTime() - started) / 1_000_000)))
				// A failed request is an answer with status -1: the assertions say so,
				// with the others' results.
				.onErrorResume(ex -> Mono
					.just(new Answer(-1, null, null, ex.toString(), (System.nanoTime() - started) / 1_000_000)));
		}), size).collectList().block(Duration.ofSeconds(60));
	}

	/** A second gateway on the same Redis and origins, as a cluster's other instance. */
	private static ConfigurableApplicationContext secondInstance() {
		Map<String, Object> properties = Map.of("server.port", "0", "REDIS_URL", redisEndpoint().url(REDIS_DATABASE),
				"AUTH_SERVICE_URL", AUTH.url(), "AUTH_JWKS_URL", AUTH.url() + "/auth/jwks", "USER_SERVICE_URL",
				ORIGIN.url(), "CACHEGATE_BASIC_CACHE_SECRET", "test-secret", "CACHEGATE_REDIS_TIMEOUT", "2s",
				"cachegate.auth.public-paths", "POST /auth/token,/auth/jwks,/actuator/**,/public/**",
				// A component scan from here also finds other tests' configurations (one
				// declares the same non-global Reactor resources); either will do.
				"spring.main.allow-bean-definition-overriding", "true");
		// As arguments, not default properties: those rank below application.yml, whose
		// server.port (SERVER_PORT, else 8888) would win over port 0.
		String[] arguments = properties.entrySet()
			.stream()
			.map(property -> "--" + property.getKey() + "=" + property.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(GatewayApplication.class, TestRoutes.class, OwnNettyResources.class)
			.run(arguments);
	}

	/**
	 * The second instance's server runs on event loops of its own: Boot's default
	 * (Reactor Netty's global resources) would be disposed when it closes, taking the
	 * first instance's origin client with it. Not a {@code @TestConfiguration}: other
	 * tests start gateways by component scan, which must not pick this up.
	 */
	static class OwnNettyResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory resources = new ReactorResourceFactory();
			resources.setUseGlobalResources(false);
			return resources;
		}

	}

	/** The lease key of an entry's key material (see CacheKey and CacheLeases). */
	private static String leaseKey(String material) throws Exception {
		byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
			.digest(material.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return "cg:{public}:lock:" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	private record Answer(int status, String xCache, String cacheStatus, String body, long millis) {
	}

}
