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
 * RFC 9111 section 4.3.5, freshening with HEAD, on the wire: a {@code 200} to a forwarded
 * {@code HEAD} freshens the stale GET answer the request selects when its validators and
 * {@code Content-Length} match (header fields updated as section 3.2 says, freshness
 * decided again), and removes it when they differ; only that variant; only where the
 * answer may be stored for the caller ({@code Authorization}, section 3.5); and an
 * invalidation while the {@code HEAD} is on its way wins.
 */
class Rfc9111Section4_3_5HeadIntegrationTests extends GatewayIntegrationTestSupport {

	private static final String BODY = "body one";

	@Test
	void aHead200WithTheSameValidatorFreshensTheStoredGetAnswer() {
		String path = unique("/public/head-fresh");
		ORIGIN.on("GET", path, request -> stale("\"h1\"").header("X-Revision", "first"));
		ORIGIN.on("HEAD", path, request -> confirming("\"h1\"", "public, max-age=60").header("X-Revision", "second"));
		assertThat(get(path).getResponseHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=miss; stored");

		EntityExchangeResult<String> head = head(path, null);
		assertThat(head.getStatus().value()).isEqualTo(200);
		HttpHeaders headHeaders = head.getResponseHeaders();
		assertThat(headHeaders.getFirst("X-Cache")).isEqualTo("REVALIDATED");
		assertThat(headHeaders.getFirst("Cache-Status"))
			.matches("cachegate; fwd=stale; fwd-status=200; ttl=\\d+; stored");
		assertThat(headHeaders.get("X-Revision")).containsExactly("second");
		assertThat(headHeaders.getFirst("Content-Type")).as("kept from the stored answer").isEqualTo("text/plain");
		assertThat(ORIGIN.requests("HEAD", path)).extracting(request -> request.header("If-None-Match"))
			.as("a HEAD carries no conditional of the gateway's")
			.containsExactly((String) null);

		EntityExchangeResult<String> hit = get(path);
		assertThat(hit.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(hit.getResponseBody()).isEqualTo(BODY);
		assertThat(hit.getResponseHeaders().get("X-Revision")).containsExactly("second");
		assertThat(hit.getResponseHeaders().get("Cache-Control")).containsExactly("public, max-age=60");
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(1);
	}

	@Test
	void aHead200WithAnotherValidatorOrLengthRemovesTheStoredGetAnswer() {
		for (Reply differing : List.of(confirming("\"h2\"", "public, max-age=60"),
				Reply.of(200, "").header("ETag", "\"h1\"").header("Content-Length", "99"))) {
			String path = unique("/public/head-differs");
			ORIGIN.on("GET", path, request -> stale("\"h1\""));
			ORIGIN.on("HEAD", path, request -> differing);
			get(path);
			EntityExchangeResult<String> head = head(path, null);
			assertThat(head.getStatus().value()).isEqualTo(200);
			assertThat(head.getResponseHeaders().getFirst("X-Cache")).isNotEqualTo("REVALIDATED");
			EntityExchangeResult<String> after = get(path);
			assertThat(after.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
			assertThat(ifNoneMatchSent(path)).as("no stored answer left to revalidate").containsExactly("null", "null");
		}
	}

	@Test
	void aHeadFreshensOnlyTheVariantItSelects() {
		String path = unique("/public/head-variant");
		ORIGIN.on("GET", path, request -> stale("\"same\"").header("Vary", "Accept-Language"));
		ORIGIN.on("HEAD", path,
				request -> confirming("\"same\"", "public, max-age=60").header("Vary", "Accept-Language"));
		get(path, "en");
		get(path, "de");
		assertThat(headWithLanguage(path, "de").getResponseHeaders().getFirst("X-Cache")).isEqualTo("REVALIDATED");
		assertThat(get(path, "de").getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		ORIGIN.on("GET", path, request -> Reply.of(304, "").header("ETag", "\"same\""));
		assertThat(get(path, "en").getResponseHeaders().getFirst("X-Cache")).as("still stale: revalidated itself")
			.isEqualTo("REVALIDATED");
		assertThat(ifNoneMatchSent(path)).containsExactly("null", "null", "\"same\"");
	}

	@Test
	void anAnswerWithoutValidatorIsKeptStaleAndFreshenedByAHead() {
		String path = unique("/public/head-no-validator");
		ORIGIN.on("GET", path,
				request -> Reply.of(200, BODY).header("Cache-Control", "max-age=1").header("Template-A", "1"));
		ORIGIN.on("HEAD", path,
				request -> Reply.of(200, "")
					.header("Cache-Control", "max-age=60")
					.header("Template-A", "2")
					.header("Content-Length", Integer.toString(BODY.length())));
		get(path);
		// Fresh, a HEAD is answered from the stored GET answer; once stale, it is
		// forwarded.
		EntityExchangeResult<String> forwarded = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> head(path, null), r -> !"HIT".equals(r.getResponseHeaders().getFirst("X-Cache")));
		assertThat(forwarded.getResponseHeaders().getFirst("X-Cache")).isEqualTo("REVALIDATED");
		EntityExchangeResult<String> hit = get(path);
		assertThat(hit.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(hit.getResponseHeaders().get("Template-A")).containsExactly("2");
		assertThat(hit.getResponseBody()).isEqualTo(BODY);
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(1);
	}

	@Test
	void aHeadWithAuthorizationFreshensTheStoredAnswerOnlyWhenItMayBeStoredForIt() {
		String path = unique("/public/head-authorization");
		String token = bearer("USER");
		ORIGIN.on("GET", path, request -> stale("\"a1\""));
		ORIGIN.on("HEAD", path, request -> confirming("\"a1\"", "max-age=60"));
		assertThat(fetch(path).authorization(token).result().getResponseHeaders().getFirst("Cache-Status"))
			.isEqualTo("cachegate; fwd=miss; stored");
		EntityExchangeResult<String> head = head(path, token);
		assertThat(head.getResponseHeaders().getFirst("Cache-Status")).doesNotContain("stored");
		ORIGIN.on("GET", path, request -> Reply.of(304, "").header("ETag", "\"a1\""));
		assertThat(fetch(path).authorization(token).result().getResponseHeaders().getFirst("X-Cache"))
			.as("not freshened: without public, an answer to a request with Authorization is not stored")
			.isEqualTo("REVALIDATED");
	}

	@Test
	void anInvalidationWhileTheHeadIsOnItsWayWins() throws Exception {
		String path = unique("/public/head-raced");
		Sinks.Empty<Void> release = Sinks.empty();
		CountDownLatch headArrived = new CountDownLatch(1);
		ORIGIN.on("POST", path, request -> Reply.of(204, ""));
		ORIGIN.on("GET", path, request -> stale("\"r1\""));
		ORIGIN.on("HEAD", path, request -> {
			headArrived.countDown();
			return confirming("\"r1\"", "public, max-age=60").after(release.asMono());
		});
		get(path);
		CompletableFuture<EntityExchangeResult<String>> heading = CompletableFuture.supplyAsync(() -> head(path, null));
		assertThat(headArrived.await(20, TimeUnit.SECONDS)).isTrue();
		assertThat(client().post().uri(path).exchange().returnResult(String.class).getStatus().value()).isEqualTo(204);
		release.tryEmitEmpty();
		EntityExchangeResult<String> raced = heading.get(20, TimeUnit.SECONDS);
		assertThat(raced.getResponseHeaders().getFirst("Cache-Status")).doesNotContain("stored");
		EntityExchangeResult<String> after = get(path);
		assertThat(after.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(ifNoneMatchSent(path)).containsExactly("null", "null");
	}

	/** A GET answer stored stale at once (it has a validator), to be confirmed. */
	private static Reply stale(String etag) {
		return Reply.of(200, BODY)
			.header("Content-Type", "text/plain")
			.header("ETag", etag)
			.header("Cache-Control", "public, max-age=0");
	}

	/** A HEAD's 200 with the validator and the length of {@link #stale}'s answer. */
	private static Reply confirming(String etag, String cacheControl) {
		return Reply.of(200, "")
			.header("ETag", etag)
			.header("Cache-Control", cacheControl)
			.header("Content-Length", Integer.toString(BODY.length()));
	}

	private static List<String> ifNoneMatchSent(String path) {
		return ORIGIN.requests("GET", path)
			.stream()
			.map(request -> String.valueOf(request.header("If-None-Match")))
			.toList();
	}

	private EntityExchangeResult<String> get(String path) {
		return fetch(path).result();
	}

	private EntityExchangeResult<String> get(String path, String language) {
		return fetch(path).header(HttpHeaders.ACCEPT_LANGUAGE, language).result();
	}

	private EntityExchangeResult<String> head(String path, String authorization) {
		return client().head().uri(path).headers(headers -> {
			if (authorization != null) {
				headers.set(HttpHeaders.AUTHORIZATION, authorization);
			}
		}).exchange().expectBody(String.class).returnResult();
	}

	private EntityExchangeResult<String> headWithLanguage(String path, String language) {
		return client().head()
			.uri(path)
			.header(HttpHeaders.ACCEPT_LANGUAGE, language)
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

}
