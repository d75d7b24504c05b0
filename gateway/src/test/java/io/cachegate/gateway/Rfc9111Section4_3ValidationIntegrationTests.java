package io.cachegate.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RFC 9111 section 4.3, validation, on the wire: a stale entry with a validator is kept
 * past its freshness and revalidated with a conditional request (4.3.1); a 304 freshens
 * it (4.3.4: its header fields updated, its age restarted) and the client gets the stored
 * body (4.3.3); a 200 replaces it; {@code no-cache} answers (5.2.2.4) are stored and
 * revalidated on every use; an invalidation during a revalidation wins. The origin
 * records the conditional headers it received.
 */
class Rfc9111Section4_3ValidationIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void aStaleEntryIsRevalidatedWithItsValidatorsAndA304UpdatesItsHeadersAndRestartsItsAge() {
		String path = validated("/public/validated", "\"v1\"",
				Reply.of(200, "body one")
					.header("Content-Type", "text/plain")
					.header("ETag", "\"v1\"")
					.header("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")
					.header("Cache-Control", "public, max-age=0")
					.header("X-Revision", "first"),
				tagged(304, "", "\"v1\"", "public, max-age=60").header("X-Revision", "second"));
		EntityExchangeResult<String> miss = get(path, null);
		assertThat(miss.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(miss.getResponseHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=miss; stored");

		EntityExchangeResult<String> revalidated = get(path, null);
		assertThat(revalidated.getStatus().value()).isEqualTo(200);
		assertThat(revalidated.getResponseBody()).isEqualTo("body one");
		HttpHeaders headers = revalidated.getResponseHeaders();
		assertThat(headers.getFirst("X-Cache")).isEqualTo("REVALIDATED");
		assertThat(headers.getFirst("Cache-Status")).matches("cachegate; fwd=stale; fwd-status=304; ttl=\\d+; stored");
		assertThat(headers.get("X-Revision")).containsExactly("second");
		assertThat(headers.get("Cache-Control")).containsExactly("public, max-age=60");
		assertThat(headers.getFirst("Content-Type")).isEqualTo("text/plain");
		assertThat(headers.getFirst("Last-Modified")).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
		assertThat(ORIGIN.requests("GET", path))
			.extracting(request -> request.header("If-None-Match") + " | " + request.header("If-Modified-Since"))
			.containsExactly("null | null", "\"v1\" | Tue, 01 Dec 2026 10:00:00 GMT");

		EntityExchangeResult<String> hit = get(path, null);
		assertThat(hit.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(hit.getResponseBody()).isEqualTo("body one");
		assertThat(hit.getResponseHeaders().get("X-Revision")).containsExactly("second");
		assertThat(Long.parseLong(hit.getResponseHeaders().getFirst(HttpHeaders.AGE))).isLessThan(10);
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(2);
	}

	@Test
	void a200ToTheRevalidationReplacesTheEntry() {
		String path = unique("/public/replaced");
		ORIGIN.on("GET", path, request -> {
			if (ORIGIN.calls("GET", path) == 1) {
				return tagged(200, "old", "\"a\"", "public, max-age=0");
			}
			return tagged(200, "new", "\"b\"", "public, max-age=60");
		});
		assertThat(get(path, null).getResponseBody()).isEqualTo("old");
		EntityExchangeResult<String> replaced = get(path, null);
		assertThat(replaced.getResponseBody()).isEqualTo("new");
		assertThat(replaced.getResponseHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=stale; stored");
		EntityExchangeResult<String> hit = get(path, null);
		assertThat(hit.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(hit.getResponseBody()).isEqualTo("new");
		assertThat(hit.getResponseHeaders().getFirst("ETag")).isEqualTo("\"b\"");
		assertThat(ifNoneMatchSent(path)).containsExactly("null", "\"a\"");
	}

	@Test
	void aNoCacheAnswerIsStoredAndRevalidatedOnEveryUseNeverAnsweredWithoutTheOrigin() {
		// An authenticated route the fast path serves: a no-cache entry must not be
		// answered there either.
		String path = unique("/users/no-cache");
		String token = bearer("USER");
		ORIGIN.on("GET", path, request -> {
			Reply reply = "\"n1\"".equals(request.header("If-None-Match")) ? Reply.of(304, "")
					: Reply.of(200, "{\"id\":1}").header("Content-Type", "application/json");
			return reply.header("ETag", "\"n1\"")
				.header("Cache-Control", "private, no-store")
				.header("Cachegate-Cache-Control", "no-cache");
		});
		assertThat(get(path, token).getResponseHeaders().getFirst("Cache-Status"))
			.isEqualTo("cachegate; fwd=miss; stored");
		assertThat(entryKeys("users")).isNotEmpty();
		for (int i = 0; i < 3; i++) {
			EntityExchangeResult<String> revalidated = get(path, token);
			assertThat(revalidated.getResponseHeaders().getFirst("X-Cache")).isEqualTo("REVALIDATED");
			assertThat(revalidated.getResponseBody()).isEqualTo("{\"id\":1}");
			assertThat(revalidated.getResponseHeaders().getFirst("Cachegate-Cache-Control")).isNull();
		}
		assertThat(ifNoneMatchSent(path)).containsExactly("null", "\"n1\"", "\"n1\"", "\"n1\"");
	}

	@Test
	void theClientsOwnConditionalIsForwardedAsItIsAndA304ThatNamesTheEntryFreshensIt() {
		String path = unique("/public/client-conditional");
		ORIGIN.on("GET", path, request -> {
			if (request.header("If-None-Match") != null) {
				return tagged(304, "", "\"c1\"", "public, max-age=60");
			}
			return tagged(200, "cached", "\"c1\"", "public, max-age=0");
		});
		get(path, null);
		EntityExchangeResult<String> notModified = conditionalGet(path, "\"other\", \"c1\"");
		assertThat(notModified.getStatus().value()).isEqualTo(304);
		assertThat(ifNoneMatchSent(path)).containsExactly("null", "\"other\", \"c1\"");
		assertThat(get(path, null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
	}

	@Test
	void anInvalidationDuringTheRevalidationWinsOverTheOrigins304() throws Exception {
		String path = unique("/public/raced-revalidation");
		Sinks.Empty<Void> release = Sinks.empty();
		CountDownLatch conditionalArrived = new CountDownLatch(1);
		ORIGIN.on("POST", path, request -> Reply.of(204, ""));
		ORIGIN.on("GET", path, request -> {
			if ("\"r1\"".equals(request.header("If-None-Match")) && ORIGIN.calls("GET", path) == 2) {
				conditionalArrived.countDown();
				return tagged(304, "", "\"r1\"", "public, max-age=60").after(release.asMono());
			}
			return tagged(200, "r1", "\"r1\"", "public, max-age=0");
		});
		get(path, null);
		CompletableFuture<EntityExchangeResult<String>> revalidating = CompletableFuture
			.supplyAsync(() -> get(path, null));
		assertThat(conditionalArrived.await(20, TimeUnit.SECONDS)).isTrue();
		assertThat(client().post().uri(path).exchange().returnResult(String.class).getStatus().value()).isEqualTo(204);
		release.tryEmitEmpty();
		EntityExchangeResult<String> raced = revalidating.get(20, TimeUnit.SECONDS);
		assertThat(raced.getResponseHeaders().getFirst("X-Cache")).isEqualTo("REVALIDATED");
		assertThat(raced.getResponseHeaders().getFirst("Cache-Status")).doesNotContain("stored");
		// The entry the 304 confirmed was invalidated meanwhile: gone, not freshened.
		EntityExchangeResult<String> after = get(path, null);
		assertThat(after.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(ifNoneMatchSent(path)).containsExactly("null", "\"r1\"", "null");
	}

	@Test
	void theBackgroundRefreshRevalidatesConditionallyAndA304FreshensTheEntry() {
		String path = validated("/public/swr-conditional", "\"s1\"",
				tagged(200, "swr body", "\"s1\"", "public, max-age=1, stale-while-revalidate=60").header("X-Revision",
						"first"),
				tagged(304, "", "\"s1\"", "public, max-age=60").header("X-Revision", "refreshed"));
		get(path, null);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> conditionalGet(path, "\"client\""),
					r -> "STALE".equals(r.getResponseHeaders().getFirst("X-Cache")));
		EntityExchangeResult<String> refreshed = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> get(path, null), r -> "refreshed".equals(r.getResponseHeaders().getFirst("X-Revision")));
		assertThat(refreshed.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(refreshed.getResponseBody()).isEqualTo("swr body");
		// The client's own If-None-Match is not what the refresh sends: the entry's is.
		assertThat(ifNoneMatchSent(path)).containsExactly("null", "\"s1\"");
	}

	/** An answer with an entity tag, and how long it is fresh. */
	private static Reply tagged(int status, String body, String etag, String cacheControl) {
		return Reply.of(status, body).header("ETag", etag).header("Cache-Control", cacheControl);
	}

	/**
	 * A path of its own whose origin answers a GET whose {@code If-None-Match} is the
	 * entity tag with {@code notModified}, and any other GET with {@code full}.
	 */
	private static String validated(String prefix, String etag, Reply full, Reply notModified) {
		String path = unique(prefix);
		ORIGIN.on("GET", path, request -> etag.equals(request.header("If-None-Match")) ? notModified : full);
		return path;
	}

	/**
	 * The {@code If-None-Match} of each GET the origin received, {@code "null"} for none.
	 */
	private static List<String> ifNoneMatchSent(String path) {
		return ORIGIN.requests("GET", path)
			.stream()
			.map(request -> String.valueOf(request.header("If-None-Match")))
			.toList();
	}

	private EntityExchangeResult<String> get(String path, String authorization) {
		return fetch(path).authorization(authorization).result();
	}

	private EntityExchangeResult<String> conditionalGet(String path, String ifNoneMatch) {
		return fetch(path).header(HttpHeaders.IF_NONE_MATCH, ifNoneMatch).result();
	}

}
