package io.cachegate.gateway;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.gateway.testsupport.HoldingProxy;
import io.cachegate.gateway.testsupport.RealServices;
import io.cachegate.stack.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real thing: this gateway in front of the real auth-service and user-service
 * ({@link RealServices}, change events on), with the cache on a Redis of its own that the
 * test can stop. Between the gateway and user-service sits a {@link HoldingProxy}, so the
 * invalidation race can be played out exactly.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndToEndIntegrationTests {

	private static RealServices services;

	private static EmbeddedRedis cacheRedis;

	private static HoldingProxy proxy;

	private static RedisClient redisClient;

	private static RedisCommands<String, String> redis;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startServices() {
		services = RealServices.start("e2e", Map.of());
		cacheRedis = services.redis();
		proxy = HoldingProxy.to(services.usersUrl());
		redisClient = RedisClient.create(cacheRedis.endpoint().url());
		redis = redisClient.connect().sync();
	}

	@AfterAll
	static void stopServices() {
		if (redisClient != null) {
			redisClient.shutdown();
		}
		RealServices.closeAll(proxy, services);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		RealServices.registerGateway(registry, () -> services, () -> proxy.url(), "e2e-secret");
		// The near cache answers hits for up to its bound without Redis, and adds its
		// wait to writes: off here, like
		// the change events above (both tested in io.cachegate.cache.events).
		registry.add("CACHEGATE_L1_ENABLED", () -> "false");
	}

	@Test
	void missThenHitWithTheEntrysTtlInRedis() {
		String token = adminToken();
		long id = createDirectly(token);
		get("/users/" + id, token).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "MISS")
			.expectHeader()
			.doesNotExist("Cache-Tag")
			.expectHeader()
			.doesNotExist("Cachegate-Cache-Control");
		get("/users/" + id, token).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectHeader()
			.valueEquals("ETag", "\"0\"")
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(id);
		String key = entryKeyOf("/users/" + id);
		assertThat(key).isNotNull();
		// 60 s fresh, then 60 s kept for revalidation (the route's stale-retention: the
		// entry has an ETag).
		assertThat(redis.pttl(key)).isBetween(110_000L, 120_000L);
		assertThat(proxy.answered("GET", "/users/" + id)).isEqualTo(1);
	}

	@Test
	void hitIsRefusedWithoutValidCredentials() {
		String token = adminToken();
		long id = createDirectly(token);
		get("/users/" + id, token).expectStatus().isOk();
		get("/users/" + id, token).expectHeader().valueEquals("X-Cache", "HIT");
		client().get()
			.uri("/users/" + id)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists(HttpHeaders.WWW_AUTHENTICATE);
		get("/users/" + id, token.substring(0, token.length() - 4) + "AAAA").expectStatus().isUnauthorized();
	}

	@Test
	void putAndPostAreWrittenThroughSoTheNextGetIsAHitWithTheNewData() {
		String token = adminToken();
		EntityExchangeResult<byte[]> created = client().post()
			.uri("/users")
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(newUser("post"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals("Cache-Status", "cachegate; fwd=method; detail=stored")
			.expectBody()
			.returnResult();
		String location = created.getResponseHeaders().getFirst(HttpHeaders.LOCATION);
		assertThat(location).isNotNull();
		String path = location.replaceFirst("^https?://[^/]+", "");
		get(path, token).expectHeader().valueEquals("X-Cache", "HIT").expectBody().jsonPath("$.city").isEqualTo("post");
		client().put()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(newUser("put"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Status", "cachegate; fwd=method; detail=stored");
		get(path, token).expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectHeader()
			.valueEquals("ETag", "\"1\"")
			.expectBody()
			.jsonPath("$.city")
			.isEqualTo("put");
		assertThat(proxy.answered("GET", path)).isZero();
	}

	@Test
	void deleteThenGetIs404NeverAStale200() {
		String token = adminToken();
		long id = createDirectly(token);
		get("/users/" + id, token).expectStatus().isOk();
		get("/users/" + id, token).expectHeader().valueEquals("X-Cache", "HIT");
		client().delete()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isNoContent();
		for (int i = 0; i < 3; i++) {
			get("/users/" + id, token).expectStatus()
				.isNotFound()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@Test
	void twoUsersOfTheSameRoleNeverSeeEachOthersOwnAccount() {
		String admin = adminToken();
		String[] names = { "me-a-" + ProcessHandle.current().pid(), "me-b-" + ProcessHandle.current().pid() };
		String[] tokens = new String[2];
		for (int i = 0; i < 2; i++) {
			WebTestClient.bindToServer()
				.baseUrl(services.authUrl())
				.build()
				.post()
				.uri("/auth/accounts")
				.header(HttpHeaders.AUTHORIZATION, admin)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"username\":\"" + names[i] + "\",\"email\":\"" + names[i] + "@example.com\","
						+ "\"password\":\"same-role-password-1\",\"role\":\"USER\"}")
				.exchange()
				.expectStatus()
				.isCreated();
			tokens[i] = token(names[i], "same-role-password-1");
		}
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 2; i++) {
				get("/auth/accounts/me", tokens[i]).expectStatus()
					.isOk()
					.expectHeader()
					.valueEquals("X-Cache", "BYPASS")
					.expectHeader()
					.valueMatches("Cache-Control", ".*no-store.*")
					.expectBody()
					.jsonPath("$.username")
					.isEqualTo(names[i]);
			}
		}
		assertThat(redis.keys("cg:{auth}:e:*"))
			.allSatisfy(key -> assertThat(redis.hget(key, "t")).doesNotContain("uri:/auth/accounts/me"));
	}

	@Test
	void basicCredentialsAreExchangedThroughTheGatewayAndKeptUnderAnHmac() {
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString(("admin:" + RealServices.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		long id = createDirectly(adminToken());
		for (int i = 0; i < 3; i++) {
			get("/users/" + id, basic).expectStatus().isOk();
		}
		assertThat(redis.keys("cg:basic:*")).isNotEmpty().allSatisfy(key -> {
			assertThat(key).doesNotContain("admin").doesNotContain(RealServices.ADMIN_PASSWORD);
			assertThat(redis.get(key)).doesNotContain(RealServices.ADMIN_PASSWORD);
		});
	}

	@Test
	void failedLoginsOfOneClientThroughTheGatewayDoNotLockOutAnother() {
		// Another loopback address is another client: the gateway sees it on the
		// connection, whatever it claims.
		WebTestClient guesser = WebTestClient
			.bindToServer(new ReactorClientHttpConnector(
					HttpClient.create().bindAddress(() -> new InetSocketAddress("127.0.0.2", 0))))
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		for (int i = 0; i < 30; i++) {
			guesser.post()
				.uri("/auth/token")
				.header("X-Forwarded-For", "198.51.100." + i)
				.header("Forwarded", "for=198.51.100." + i)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"username\":\"guess" + i + "\",\"password\":\"wrong-password-" + i + "\"}")
				.exchange()
				.expectStatus()
				.value(status -> assertThat(status).isIn(401, 429));
		}
		guesser.post()
			.uri("/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\":\"guess-more\",\"password\":\"wrong-password\"}")
			.exchange()
			.expectStatus()
			.isEqualTo(429);
		client().post()
			.uri("/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\":\"admin\",\"password\":\"" + RealServices.ADMIN_PASSWORD + "\"}")
			.exchange()
			.expectStatus()
			.isOk();
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString(("admin:" + RealServices.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		client().post().uri("/auth/token").header(HttpHeaders.AUTHORIZATION, basic).exchange().expectStatus().isOk();
	}

	@Test
	void anEncodedDotSegmentCannotReachAnotherPathOfTheService() {
		String token = adminToken();
		client().get()
			.uri(URI.create("http://127.0.0.1:" + port + "/auth/%2E%2E/actuator/prometheus"))
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		client().get()
			.uri(URI.create("http://127.0.0.1:" + port + "/users/%2E%2E/imports/1"))
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void readThatRacedAWriteNeverPutsTheOldValueBack() throws Exception {
		String token = adminToken();
		long id = createDirectly(token);
		String path = "/users/" + id;
		Sinks.Empty<Void> release = Sinks.empty();
		proxy.holdNext("GET", path, release.asMono());
		CompletableFuture<String> heldRead = CompletableFuture
			.supplyAsync(() -> get(path, token).expectBody(String.class).returnResult().getResponseBody());
		await().until(() -> proxy.answered("GET", path) == 1);
		client().put()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(newUser("after-write"))
			.exchange()
			.expectStatus()
			.isOk();
		release.tryEmitEmpty();
		assertThat(heldRead.get()).doesNotContain("after-write");
		for (int i = 0; i < 3; i++) {
			get(path, token).expectStatus().isOk().expectBody().jsonPath("$.city").isEqualTo("after-write");
		}
	}

	@Test
	void redisStoppedMidTestRequestsAreStillAnsweredAndCachingResumesWhenItIsBack() {
		String token = adminToken();
		long id = createDirectly(token);
		get("/users/" + id, token).expectHeader().valueEquals("X-Cache", "MISS");
		get("/users/" + id, token).expectHeader().valueEquals("X-Cache", "HIT");
		cacheRedis.stop();
		try {
			for (int i = 0; i < 5; i++) {
				get("/users/" + id, token).expectStatus()
					.isOk()
					.expectHeader()
					.valueEquals("X-Cache", "BYPASS")
					.expectBody()
					.jsonPath("$.id")
					.isEqualTo(id);
			}
		}
		finally {
			cacheRedis.start();
		}
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> get("/users/" + id, token).expectHeader().valueEquals("X-Cache", "MISS"));
		get("/users/" + id, token).expectHeader().valueEquals("X-Cache", "HIT");
		redis = redisClient.connect().sync();
	}

	private WebTestClient.ResponseSpec get(String path, String authorization) {
		return client().get().uri(path).header(HttpHeaders.AUTHORIZATION, authorization).exchange();
	}

	private static String adminToken() {
		return services.adminToken();
	}

	private static String token(String username, String password) {
		return services.token(username, password);
	}

	private static long createDirectly(String token) {
		return services.createDirectly(token);
	}

	private static String newUser(String city) {
		return RealServices.newUser(city);
	}

	private static String entryKeyOf(String path) {
		for (String key : redis.keys("cg:{users}:e:*")) {
			String tags = redis.hget(key, "t");
			if (tags != null && List.of(tags.split("\n")).contains("uri:" + path)) {
				return key;
			}
		}
		return null;
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.filter(GatewayIntegrationTestSupport.Watchdog::watch)
			.build();
	}

}
