package io.cachegate.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RFC 9111 section 4.2.4 on the wire: an answer with {@code must-revalidate},
 * {@code proxy-revalidate} or {@code s-maxage} is never served stale, even with a
 * {@code stale-if-error} of its own: once it expires, a failing origin's answer is what
 * the client gets (StaleServingIntegrationTests shows the same answer without those
 * directives served stale).
 */
class Rfc9111Section4_2_4ServingStaleIntegrationTests extends GatewayIntegrationTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "public, max-age=1, stale-if-error=60, must-revalidate",
			"public, max-age=1, stale-if-error=60, proxy-revalidate", "s-maxage=1, stale-if-error=60" })
	void anAnswerThatForbidsStaleServingIsNeverServedStaleWhenTheOriginFails(String cacheControl) {
		String path = unique("/public/no-stale");
		AtomicBoolean failing = new AtomicBoolean();
		ORIGIN.on("GET", path, request -> failing.get() ? Reply.of(503, "down")
				: Reply.of(200, "good").header("Cache-Control", cacheControl));
		assertThat(get(path).getResponseHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=miss; stored");
		failing.set(true);
		EntityExchangeResult<String> expired = await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> get(path), r -> !"HIT".equals(r.getResponseHeaders().getFirst("X-Cache")));
		assertThat(expired.getStatus().value()).isEqualTo(503);
		assertThat(expired.getResponseBody()).isEqualTo("down");
	}

	private EntityExchangeResult<String> get(String path) {
		return fetch(path).result();
	}

}
