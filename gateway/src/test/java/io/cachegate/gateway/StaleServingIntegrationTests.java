package io.cachegate.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.stack.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * stale-while-revalidate (served stale, refreshed once in the background) and
 * stale-if-error (served stale while the origin fails: refused connections, 5xx), with
 * windows from the origin's directives.
 */
class StaleServingIntegrationTests extends GatewayIntegrationTestSupport {

	@AfterEach
	void originReachableAgain() {
		FLAKY.mode(TcpProxy.Mode.PASS);
	}

	@Test
	void insideStaleWhileRevalidateTheStaleCopyIsServedAndABackgroundRefreshReplacesIt() {
		String path = unique("/public/swr");
		AtomicInteger version = new AtomicInteger();
		ORIGIN.on("GET", path, r -> Reply.of(200, "v" + version.incrementAndGet())
			.header("Cache-Control", "public, max-age=2, stale-while-revalidate=60"));
		assertThat(get(path, null).getResponseBody()).isEqualTo("v1");
		EntityExchangeResult<String> stale = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(path, null), r -> "STALE".equals(r.getResponseHeaders().getFirst("X-Cache")));
		assertThat(stale.getResponseBody()).isEqualTo("v1");
		assertThat(stale.getResponseHeaders().getFirst("Cache-Status"))
			.matches("cachegate; hit; stale; ttl=-\\d+; detail=revalidating");
		// The refresh ran in the background: the next reads are hits on the new
		// representation, and Redis holds it.
		EntityExchangeResult<String> refreshed = await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> get(path, null), r -> "v2".equals(r.getResponseBody()));
		assertThat(refreshed.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(storedBody(path)).contains("v2");
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(2);
	}

	@Test
	void insideStaleIfErrorTheStaleCopyIsServedWhileTheOriginRefusesConnectionsAndFreshOnesOnceItIsBack() {
		String path = unique("/flaky/sie");
		AtomicInteger version = new AtomicInteger();
		ORIGIN.on("GET", path, r -> Reply.of(200, "v" + version.incrementAndGet())
			.header("Cache-Control", "public, max-age=1, stale-if-error=60"));
		String token = bearer("USER");
		assertThat(get(path, token).getResponseBody()).isEqualTo("v1");
		FLAKY.mode(TcpProxy.Mode.REFUSE);
		EntityExchangeResult<String> stale = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(path, token), r -> !"HIT".equals(r.getResponseHeaders().getFirst("X-Cache")));
		assertThat(stale.getStatus().value()).isEqualTo(200);
		assertThat(stale.getResponseHeaders().getFirst("X-Cache")).isEqualTo("STALE");
		assertThat(stale.getResponseBody()).isEqualTo("v1");
		assertThat(stale.getResponseHeaders().getFirst("Cache-Status")).endsWith("; detail=origin-error");
		assertThat(get(path, token).getResponseBody()).isEqualTo("v1");
		FLAKY.mode(TcpProxy.Mode.PASS);
		EntityExchangeResult<String> fresh = get(path, token);
		assertThat(fresh.getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(fresh.getResponseBody()).isEqualTo("v2");
		assertThat(get(path, token).getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
	}

	@Test
	void insideStaleIfErrorAServerErrorIsReplacedByTheStaleCopy() {
		String path = unique("/public/sie5xx");
		AtomicBoolean failing = new AtomicBoolean();
		ORIGIN.on("GET", path, r -> failing.get() ? Reply.of(503, "down for a moment")
				: Reply.of(200, "good").header("Cache-Control", "public, max-age=1, stale-if-error=60"));
		assertThat(get(path, null).getResponseBody()).isEqualTo("good");
		failing.set(true);
		EntityExchangeResult<String> stale = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(path, null), r -> !"HIT".equals(r.getResponseHeaders().getFirst("X-Cache")));
		assertThat(stale.getStatus().value()).isEqualTo(200);
		assertThat(stale.getResponseHeaders().getFirst("X-Cache")).isEqualTo("STALE");
		assertThat(stale.getResponseBody()).isEqualTo("good");
		failing.set(false);
		assertThat(get(path, null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
	}

	@Test
	void withoutAStaleWindowAFailingOriginIsNotHiddenByAStaleCopy() {
		String path = unique("/public/nostale");
		AtomicBoolean failing = new AtomicBoolean();
		ORIGIN.on("GET", path, r -> failing.get() ? Reply.of(503, "down")
				: Reply.of(200, "good").header("Cache-Control", "public, max-age=1"));
		assertThat(get(path, null).getResponseBody()).isEqualTo("good");
		failing.set(true);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(path, null).getStatus().value() == 503);
	}

	private EntityExchangeResult<String> get(String path, String authorization) {
		return fetch(path).authorization(authorization).result();
	}

	/** The stored entry of a public path, as text (its body is inside). */
	private static String storedBody(String path) {
		for (String key : entryKeys("public")) {
			String tags = REDIS.hget(key, "t");
			if (tags != null && (tags.contains("uri:" + path + "\n") || tags.endsWith("uri:" + path))) {
				return REDIS.hget(key, "v");
			}
		}
		return "";
	}

}
