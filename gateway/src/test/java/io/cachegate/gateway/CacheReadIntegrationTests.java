package io.cachegate.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/** Read-through: what is stored, what is not, and what a hit looks like. */
class CacheReadIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void missThenHitServedFromRedisWithoutCallingTheOrigin() {
		long id = USERS.create("ana");
		String token = bearer("USER");
		client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "MISS")
			.expectHeader()
			.valueEquals("Cache-Status", "cachegate; fwd=miss; stored")
			.expectBody(String.class)
			.isEqualTo("{\"id\":" + id + ",\"name\":\"ana\",\"version\":0}");
		awaitHit("/users/" + id, token);
		client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectHeader()
			.valueEquals("ETag", "\"0\"")
			.expectHeader()
			.exists("Age")
			.expectHeader()
			.valueMatches("Cache-Status", "cachegate; hit; ttl=\\d+")
			.expectHeader()
			.contentType("application/json")
			.expectBody(String.class)
			.isEqualTo("{\"id\":" + id + ",\"name\":\"ana\",\"version\":0}");
		assertThat(ORIGIN.calls("GET", "/users/" + id)).isEqualTo(1);
	}

	@Test
	void entryKeyLivesInRedisWithTheOriginsFreshnessPlusTheRoutesRetentionAsTtl() {
		String path = served("/users/t/ttl", Reply.of(200, "ttl").header("Cachegate-Cache-Control", "max-age=120"));
		get(path, bearer("USER"));
		long ttl = REDIS.pttl(keyFor(path));
		// 120 s fresh (less up to 5 % jitter), then the route's 60 s stale-retention, in
		// which a HEAD may freshen it (RFC 9111 section 4.3.5).
		assertThat(ttl).isBetween(160_000L, 180_000L);
	}

	@Test
	void ifNoneMatchOnAHitGives304() {
		long id = USERS.create("bea");
		String token = bearer("USER");
		get("/users/" + id, token);
		awaitHit("/users/" + id, token);
		client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.header(HttpHeaders.IF_NONE_MATCH, "\"0\"")
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectHeader()
			.valueEquals("ETag", "\"0\"")
			.expectBody()
			.isEmpty();
	}

	@Test
	void privateAndNoStoreAnswersAreNeverStored() {
		String privatePath = unique("/users/t/private");
		String noStorePath = unique("/users/t/nostore");
		ORIGIN.on("GET", privatePath, r -> Reply.of(200, "p").header("Cache-Control", "private, max-age=60"));
		ORIGIN.on("GET", noStorePath, r -> Reply.of(200, "n").header("Cachegate-Cache-Control", "no-store"));
		assertNeverStored(privatePath, bearer("USER"));
		assertNeverStored(noStorePath, bearer("USER"));
	}

	@Test
	void answersToAuthenticatedRequestsNeedExplicitPermissionUnderPlainCacheControl() {
		String plain = unique("/users/t/plain");
		String shared = unique("/users/t/shared");
		ORIGIN.on("GET", plain, r -> Reply.of(200, "plain").header("Cache-Control", "max-age=60"));
		ORIGIN.on("GET", shared, r -> Reply.of(200, "shared").header("Cache-Control", "public, max-age=60"));
		assertNeverStored(plain, bearer("USER"));
		get(shared, bearer("USER"));
		awaitHit(shared, bearer("USER"));
	}

	@Test
	void setCookieAnswersAreNeverStored() {
		String path = served("/users/t/cookie",
				Reply.of(200, "c").header("Set-Cookie", "s=1").header("Cachegate-Cache-Control", "max-age=60"));
		assertNeverStored(path, bearer("USER"));
	}

	@Test
	void serverErrorsAreNeverStored() {
		String path = served("/users/t/error", Reply.of(503, "down").header("Cachegate-Cache-Control", "max-age=60"));
		for (int i = 0; i < 2; i++) {
			client().get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.valueEquals("X-Cache", "MISS");
		}
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(2);
	}

	@Test
	void answersLargerThanTheRouteLimitAreNeverStored() {
		String withLength = unique("/users/t/big");
		String big = "x".repeat(9 * 1024);
		ORIGIN.on("GET", withLength, r -> Reply.of(200, big).header("Cachegate-Cache-Control", "max-age=60"));
		assertNeverStored(withLength, bearer("USER"));
		String chunked = unique("/users/t/bigchunked");
		ORIGIN.on("GET", chunked,
				r -> Reply.of(200, big)
					.header("Cachegate-Cache-Control", "max-age=60")
					.header("Transfer-Encoding", "chunked"));
		assertNeverStored(chunked, bearer("USER"));
	}

	@Test
	void cacheTagAndTargetedFieldNeverReachTheClient() {
		long id = USERS.create("cid");
		String token = bearer("USER");
		EntityExchangeResult<byte[]> miss = client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectBody()
			.returnResult();
		assertThat(miss.getResponseHeaders().containsHeader("Cache-Tag")).isFalse();
		assertThat(miss.getResponseHeaders().containsHeader("Cachegate-Cache-Control")).isFalse();
		assertThat(miss.getResponseHeaders().getFirst("Cache-Control")).isEqualTo("private, no-store");
		awaitHit("/users/" + id, token);
		EntityExchangeResult<byte[]> hit = client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectBody()
			.returnResult();
		assertThat(hit.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(hit.getResponseHeaders().containsHeader("Cache-Tag")).isFalse();
		assertThat(hit.getResponseHeaders().containsHeader("Cachegate-Cache-Control")).isFalse();
		String uncacheable = unique("/users/t/tagged-private");
		ORIGIN.on("GET", uncacheable,
				r -> Reply.of(200, "x").header("Cache-Tag", "a").header("Cachegate-Cache-Control", "private"));
		client().get()
			.uri(uncacheable)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.doesNotExist("Cache-Tag")
			.expectHeader()
			.doesNotExist("Cachegate-Cache-Control");
	}

	@Test
	void routeTurnedOffByEnvironmentVariableDoesNotCache() {
		String path = served("/nocache/t", Reply.of(200, "n").header("Cachegate-Cache-Control", "max-age=60"));
		for (int i = 0; i < 3; i++) {
			client().get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Cache", "BYPASS")
				.expectHeader()
				.valueEquals("Cache-Status", "cachegate; fwd=bypass; detail=disabled");
		}
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(3);
		assertThat(keyFor("nocache", path)).isNull();
	}

	@Test
	void publicRouteIsCachedWithoutCredentials() {
		String path = served("/public/t", Reply.of(200, "pub").header("Content-Type", "text/plain"));
		client().get().uri(path).exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
		client().get()
			.uri(path)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectBody(String.class)
			.isEqualTo("pub");
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(1);
	}

	@Test
	void callersOfDifferentRolesDoNotShareEntries() {
		long id = USERS.create("roles");
		get("/users/" + id, bearer("USER"));
		awaitHit("/users/" + id, bearer("USER"));
		client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer("ADMIN"))
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "MISS");
	}

	@Test
	void equivalentPathsShareOneEntry() {
		String base = unique("/users/t/norm");
		ORIGIN.on("GET", base, r -> Reply.of(200, r.path()).header("Cachegate-Cache-Control", "max-age=60"));
		String token = bearer("USER");
		get(base + "/a~b?size=2&page=1", token);
		client().get()
			.uri(URI(base + "/a%7Eb?page=1&size=2"))
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectBody(String.class)
			.isEqualTo(base + "/a~b");
		client().get()
			.uri(URI(base + "//./a~b?page=1&size=2"))
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
	}

	@Test
	void headIsAnsweredFromTheGetEntry() {
		long id = USERS.create("head");
		String token = bearer("USER");
		get("/users/" + id, token);
		awaitHit("/users/" + id, token);
		client().head()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectBody()
			.isEmpty();
		assertThat(ORIGIN.calls("HEAD", "/users/" + id)).isZero();
	}

	/** An exact request target, not re-encoded by a URI template. */
	private java.net.URI URI(String pathAndQuery) {
		return java.net.URI.create("http://127.0.0.1:" + port + pathAndQuery);
	}

	private void get(String path, String authorization) {
		client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.exchange()
			.expectStatus()
			.is2xxSuccessful();
	}

	/**
	 * The entry is stored before the miss's last byte reaches the client, so the very
	 * next request hits.
	 */
	private void awaitHit(String path, String authorization) {
		client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
	}

	private void assertNeverStored(String path, String authorization) {
		for (int i = 0; i < 3; i++) {
			client().get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, authorization)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Cache", "MISS");
		}
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(3);
		assertThat(keyFor(path)).isNull();
	}

	/**
	 * The entry key whose stored material names this path, if any (reads the material out
	 * of the entries).
	 */
	private static String keyFor(String path) {
		return keyFor("users", path);
	}

	private static String keyFor(String route, String path) {
		for (String key : entryKeys(route)) {
			String payload = REDIS.hget(key, "t");
			if (payload != null && payload.contains("uri:" + path)) {
				return key;
			}
		}
		return null;
	}

}
