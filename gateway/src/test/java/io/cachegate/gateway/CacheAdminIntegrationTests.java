package io.cachegate.gateway;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.stack.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache admin API: ADMIN only, and each action does what it says, checked in Redis.
 * On a Redis of its own: clearing the cache must not clear the entries of other test JVMs
 * sharing database 3, and listings are compared with SCAN exactly.
 */
class CacheAdminIntegrationTests extends GatewayIntegrationTestSupport {

	private static final EmbeddedRedis OWN_REDIS = EmbeddedRedis.startOnFreePort();

	/**
	 * Hides the support's connection to the shared database: every check here reads this
	 * test's own Redis.
	 */
	private static final RedisCommands<String, String> REDIS = RedisClient.create(OWN_REDIS.endpoint().url())
		.connect()
		.sync();

	@DynamicPropertySource
	static void ownRedis(DynamicPropertyRegistry registry) {
		// The property itself, not REDIS_URL: the support registers REDIS_URL too, and
		// which of two registrations
		// of one name wins is not something to rely on.
		registry.add("spring.data.redis.url", () -> OWN_REDIS.endpoint().url());
	}

	@Test
	void refusesUsersAndManagersWith403AndAnonymousCallersWith401() {
		for (String role : List.of("USER", "MANAGER")) {
			for (var request : List.of(client().get().uri("/admin/cache/stats"),
					client().get().uri("/admin/cache/keys"), client().get().uri("/admin/cache/entry?key=x"),
					client().delete().uri("/admin/cache/entry?key=x"), client().delete().uri("/admin/cache"))) {
				request.header(HttpHeaders.AUTHORIZATION, bearer(role))
					.exchange()
					.expectStatus()
					.isForbidden()
					.expectHeader()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.expectBody()
					.jsonPath("$.type")
					.isEqualTo("https://cachegate.io/problems/forbidden");
			}
			client().post()
				.uri("/admin/cache/invalidations")
				.header(HttpHeaders.AUTHORIZATION, bearer(role))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"tags\":[\"x\"]}")
				.exchange()
				.expectStatus()
				.isForbidden();
		}
		client().delete()
			.uri("/admin/cache")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		REDIS.set("other:key", "kept");
		String path = cached("/public/adm/refused");
		client().delete()
			.uri("/admin/cache")
			.header(HttpHeaders.AUTHORIZATION, bearer("MANAGER"))
			.exchange()
			.expectStatus()
			.isForbidden();
		assertThat(keyOf(path)).isNotNull();
	}

	@Test
	void keysListedPageByPageAreExactlyTheEntryKeysScanFinds() {
		List<String> paths = List.of(cached("/public/adm/list-a"), cached("/public/adm/list-b"),
				cached("/public/adm/list-c"));
		Set<String> listed = new HashSet<>();
		List<String> materials = new ArrayList<>();
		String cursor = "0";
		do {
			Map<?, ?> page = admin().get()
				.uri("/admin/cache/keys?route=public&count=2&cursor=" + cursor)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			for (Object item : (List<?>) page.get("keys")) {
				Map<?, ?> key = (Map<?, ?>) item;
				listed.add((String) key.get("key"));
				materials.add((String) key.get("material"));
				assertThat(key.get("route")).isEqualTo("public");
			}
			cursor = (String) page.get("cursor");
		}
		while (!"0".equals(cursor));
		assertThat(listed).isEqualTo(scan("cg:{public}:e:*"));
		for (String path : paths) {
			assertThat(materials).contains("public GET " + path + " role=-");
		}
		Map<?, ?> filtered = admin().get()
			.uri(b -> b.path("/admin/cache/keys").queryParam("pattern", "*list-b*").queryParam("count", "1000").build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(((List<?>) filtered.get("keys")).stream().map(k -> (Object) ((Map<?, ?>) k).get("key")).toList())
			.contains(keyOf(paths.get(1)))
			.doesNotContain(keyOf(paths.get(0)));
	}

	@Test
	void entryShowsWhatIsStoredAnd404WhenAbsent() {
		String path = cached("/public/adm/entry");
		String key = keyOf(path);
		admin().get()
			.uri(b -> b.path("/admin/cache/entry").queryParam("key", "{k}").build(key))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.key")
			.isEqualTo(key)
			.jsonPath("$.material")
			.isEqualTo("public GET " + path + " role=-")
			.jsonPath("$.status")
			.isEqualTo(200)
			.jsonPath("$.headers[?(@.name == 'ETag')].value")
			.isEqualTo("\"7\"")
			.jsonPath("$.tags")
			.value(tags -> assertThat((List<Object>) tags).contains("adm", "uri:" + path))
			// 60 s shortened by the TTL jitter (at most 5 %)
			.jsonPath("$.freshnessSeconds")
			.value(f -> assertThat(((Number) f).longValue()).isBetween(57L, 60L))
			.jsonPath("$.ageSeconds")
			.isNumber()
			// fresh for 60 s, then kept the route's stale retention (1 min) to be
			// revalidated: it has an ETag
			.jsonPath("$.ttlMillis")
			.value(ttl -> assertThat(((Number) ttl).longValue()).isBetween(60_000L, 120_000L))
			.jsonPath("$.bodyBytes")
			.isEqualTo(("body of " + path).length())
			.jsonPath("$.memoryBytes")
			.value(bytes -> assertThat(((Number) bytes).longValue()).isPositive());
		String absent = key.substring(0, key.lastIndexOf(':') + 1) + "absent";
		admin().get()
			.uri(b -> b.path("/admin/cache/entry").queryParam("key", "{k}").build(absent))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/cache-entry-not-found");
		admin().get()
			.uri(b -> b.path("/admin/cache/entry").queryParam("key", "{k}").build("other:key"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).startsWith("key:"));
	}

	@Test
	void deletingAnEntryRemovesItFromRedisAndTheNextReadIsAMiss() {
		String path = cached("/public/adm/delete");
		String key = keyOf(path);
		admin().delete()
			.uri(b -> b.path("/admin/cache/entry").queryParam("key", "{k}").build(key))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(REDIS.exists(key)).isZero();
		client().get().uri(path).exchange().expectHeader().valueEquals("X-Cache", "MISS");
		admin().delete()
			.uri(b -> b.path("/admin/cache/entry").queryParam("key", "{k}").build(key + "x"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void invalidatingTagsMakesTheNextReadAMiss() {
		String tagged = cached("/public/adm/tagged");
		client().get().uri(tagged).exchange().expectHeader().valueEquals("X-Cache", "HIT");
		admin().post()
			.uri("/admin/cache/invalidations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tags\":[\"adm\"],\"routes\":[\"public\"]}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.routes[0]")
			.isEqualTo("public");
		assertThat(REDIS.get("cg:{public}:t:adm")).isNotNull();
		client().get().uri(tagged).exchange().expectHeader().valueEquals("X-Cache", "MISS");
		assertThat(ORIGIN.calls("GET", tagged)).isEqualTo(2);
	}

	@Test
	void invalidationRequestsThatAreWrongSayWhichFieldIsWrong() {
		admin().post()
			.uri("/admin/cache/invalidations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tags\":")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		admin().post()
			.uri("/admin/cache/invalidations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tags\":[\"ok\", \" \"]}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).startsWith("tags[1]"));
		admin().post()
			.uri("/admin/cache/invalidations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tags\":[\"ok\"],\"routes\":[\"nope\"]}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).startsWith("routes[0]"));
	}

	@Test
	void clearingRemovesEveryEntryButNoForeignKeyNorTheInvalidationClock() {
		REDIS.set("other:key", "kept");
		String path = cached("/public/adm/clear");
		admin().post()
			.uri("/admin/cache/invalidations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tags\":[\"unrelated\"],\"routes\":[\"public\"]}")
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(scan("cg:{public}:e:*")).isNotEmpty();
		admin().delete()
			.uri("/admin/cache")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.unlinkedKeys")
			.value(n -> assertThat(((Number) n).longValue()).isPositive());
		assertThat(scan("cg:{*}:e:*")).isEmpty();
		assertThat(REDIS.get("other:key")).isEqualTo("kept");
		assertThat(REDIS.get("cg:{public}:seq")).isNotNull();
		client().get().uri(path).exchange().expectHeader().valueEquals("X-Cache", "MISS");
	}

	@Test
	void statsCountResultsEntriesAndMemory() {
		String path = cached("/public/adm/stats");
		client().get().uri(path).exchange().expectHeader().valueEquals("X-Cache", "HIT");
		admin().get()
			.uri("/admin/cache/stats")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.hit")
			.value(n -> assertThat(((Number) n).longValue()).isPositive())
			.jsonPath("$.miss")
			.value(n -> assertThat(((Number) n).longValue()).isPositive())
			.jsonPath("$.hitRatio")
			.isNumber()
			.jsonPath("$.byRoute.public.hit")
			.isNumber()
			.jsonPath("$.entries")
			.value(n -> assertThat(((Number) n).longValue()).isEqualTo(scan("cg:{*}:e:*").size()))
			.jsonPath("$.entriesMemoryBytes")
			.value(n -> assertThat(((Number) n).longValue()).isPositive())
			.jsonPath("$.redisUsedMemoryBytes")
			.value(n -> assertThat(((Number) n).longValue()).isPositive());
	}

	/**
	 * A public path whose answer is stored (max-age 60, tag {@code adm}, ETag 7); returns
	 * the path.
	 */
	private String cached(String prefix) {
		String path = unique(prefix);
		ORIGIN.on("GET", path,
				r -> Reply.of(200, "body of " + path)
					.header("Cache-Control", "public, max-age=60")
					.header("Cache-Tag", "adm")
					.header("ETag", "\"7\"")
					.header("Content-Type", "text/plain"));
		client().get().uri(path).exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
		return path;
	}

	private WebTestClient admin() {
		return client().mutate().defaultHeader(HttpHeaders.AUTHORIZATION, bearer("ADMIN")).build();
	}

	/**
	 * The entry key of a public path, found by the material inside the stored entries.
	 */
	private static String keyOf(String path) {
		for (String key : scan("cg:{public}:e:*")) {
			String tags = REDIS.hget(key, "t");
			if (tags != null && tags.contains("uri:" + path + "\n") || tags != null && tags.endsWith("uri:" + path)) {
				return key;
			}
		}
		return null;
	}

	private static Set<String> scan(String pattern) {
		Set<String> keys = new HashSet<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = REDIS.scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
			keys.addAll(page.getKeys());
			cursor = page;
		}
		while (!cursor.isFinished());
		return keys;
	}

}
