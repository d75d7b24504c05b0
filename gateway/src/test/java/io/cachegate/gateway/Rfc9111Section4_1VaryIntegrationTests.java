package io.cachegate.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RFC 9111 section 4.1, calculating cache keys with {@code Vary}: an answer that varies
 * on request headers the route does not key on is stored as one variant of its URL,
 * served only to requests with the same values of those headers; {@code Vary: *} is never
 * stored; a URL keeps at most {@code max-variants} variants (3 on the test route
 * {@code public}); an invalidation of the URL or of a tag reaches every variant.
 */
class Rfc9111Section4_1VaryIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void twoVariantsByAcceptLanguageAreServedApartOnAPublicRouteThatKeysOnNoHeader() {
		String path = unique("/public/greeting");
		AtomicInteger calls = greetings(path, "Cache-Control", "public, max-age=60");
		assertThat(get(path, "fr", null).getResponseBody()).isEqualTo("bonjour");
		assertThat(get(path, "en, de", null).getResponseBody()).isEqualTo("hello");
		for (int i = 0; i < 2; i++) {
			EntityExchangeResult<String> french = get(path, "fr", null);
			assertThat(french.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
			assertThat(french.getResponseBody()).isEqualTo("bonjour");
			EntityExchangeResult<String> english = get(path, "en, de", null);
			assertThat(english.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
			assertThat(english.getResponseBody()).isEqualTo("hello");
		}
		assertThat(get(path, null, null).getResponseHeaders().getFirst("X-Cache")).as("no Accept-Language: a variant")
			.isEqualTo("MISS");
		assertThat(get(path, "en,   de", null).getResponseHeaders().getFirst("X-Cache")).as("white space normalized")
			.isEqualTo("HIT");
		assertThat(get(path, "EN ,  de", null).getResponseHeaders().getFirst("X-Cache"))
			.as("language tags are case-insensitive")
			.isEqualTo("HIT");
		assertThat(get(path, "de, en", null).getResponseHeaders().getFirst("X-Cache")).as("order kept: a variant")
			.isEqualTo("MISS");
		assertThat(calls.get()).isEqualTo(4);
	}

	@Test
	void variantsAreServedApartOnAnAuthenticatedRouteTheFastPathServes() {
		String path = unique("/users/greeting");
		String token = bearer("USER");
		AtomicInteger calls = greetings(path, "Cachegate-Cache-Control", "max-age=60");
		get(path, "fr", token);
		get(path, "en", token);
		for (int i = 0; i < 3; i++) {
			assertThat(get(path, "fr", token).getResponseBody()).isEqualTo("bonjour");
			assertThat(get(path, "en", token).getResponseBody()).isEqualTo("hello");
		}
		assertThat(calls.get()).isEqualTo(2);
	}

	@Test
	void varyStarOrOnCredentialsIsNeverStored() {
		for (String vary : List.of("*", "Accept-Language, *", "Authorization", "Cookie")) {
			String path = served("/public/vary-never",
					Reply.of(200, "x").header("Cache-Control", "public, max-age=60").header("Vary", vary));
			for (int i = 0; i < 2; i++) {
				assertThat(get(path, "fr", null).getResponseHeaders().getFirst("Cache-Status")).as(vary)
					.isEqualTo("cachegate; fwd=miss");
			}
		}
	}

	@Test
	void aUrlKeepsAtMostItsBoundOfVariantsTheNewOnesPastItAreServedButNotStored() {
		String path = unique("/public/many-languages");
		AtomicInteger calls = greetings(path, "Cache-Control", "public, max-age=60");
		for (String language : List.of("fr", "en", "de", "it")) {
			assertThat(get(path, language, null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		}
		for (String language : List.of("fr", "en", "de")) {
			assertThat(get(path, language, null).getResponseHeaders().getFirst("X-Cache")).as(language)
				.isEqualTo("HIT");
		}
		assertThat(get(path, "it", null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(calls.get()).isEqualTo(5);
		assertThat(REDIS.hlen(varyRecord(path))).as("the names and three variants").isEqualTo(4);
	}

	@Test
	void anInvalidationOfTheUrlOrOfATagReachesEveryVariant() {
		String path = unique("/public/invalidated-greeting");
		String tag = "greeting-" + Long.toHexString(System.nanoTime());
		AtomicInteger calls = greetings(path, "Cache-Control", "public, max-age=60", "Cache-Tag", tag);
		ORIGIN.on("POST", path, request -> Reply.of(204, ""));
		String other = unique("/public/invalidating-write");
		ORIGIN.on("POST", other, request -> Reply.of(204, "").header("Cachegate-Invalidate", tag));
		storeBoth(path);
		client().post().uri(path).exchange().expectStatus().isNoContent();
		assertThat(get(path, "fr", null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(get(path, "en", null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		storeBoth(path);
		client().post().uri(other).exchange().expectStatus().isNoContent();
		assertThat(get(path, "fr", null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(get(path, "en", null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(calls.get()).isEqualTo(6);
	}

	@Test
	void aLookupBuiltWithOutdatedVaryNamesFollowsTheUrlsRecordInRedis() {
		String path = unique("/public/changed-variance");
		greetings(path, "Cache-Control", "public, max-age=60");
		storeBoth(path);
		// Another instance stored answers varying on another header meanwhile: this
		// instance's remembered names no longer hold, so its French entry must not be
		// served.
		REDIS.hset(varyRecord(path), "=", "x-other");
		// Once the near cache's copy (200 ms at most) is gone.
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> get(path, "fr", null).getResponseHeaders().getFirst("X-Cache"), "MISS"::equals);
		// That answer set the URL's names back to Accept-Language.
		assertThat(REDIS.hget(varyRecord(path), "=")).isEqualTo("accept-language");
		assertThat(get(path, "en", null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
	}

	private void storeBoth(String path) {
		get(path, "fr", null);
		get(path, "en", null);
		assertThat(get(path, "fr", null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(get(path, "en", null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
	}

	/**
	 * The origin greets in the request's language ("bonjour" for fr, else "hello"), with
	 * {@code Vary: Accept-Language} and the given header pairs; counts its calls.
	 */
	private static AtomicInteger greetings(String path, String... headers) {
		AtomicInteger calls = new AtomicInteger();
		ORIGIN.on("GET", path, request -> {
			calls.incrementAndGet();
			String language = request.header("Accept-Language");
			Reply reply = Reply.of(200, "fr".equals(language) ? "bonjour" : "hello")
				.header("Vary", "Accept-Language")
				.header("Content-Type", "text/plain");
			for (int i = 0; i < headers.length; i += 2) {
				reply = reply.header(headers[i], headers[i + 1]);
			}
			return reply;
		});
		return calls;
	}

	private EntityExchangeResult<String> get(String path, String language, String authorization) {
		return fetch(path).header(HttpHeaders.ACCEPT_LANGUAGE, language).authorization(authorization).result();
	}

	/**
	 * The vary record of a path of the public route (no role in its key): its layout as
	 * gateway/CACHE.md gives it.
	 */
	private static String varyRecord(String path) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(("public GET " + path + " role=-").getBytes(StandardCharsets.UTF_8));
			return "cg:{public}:v:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
