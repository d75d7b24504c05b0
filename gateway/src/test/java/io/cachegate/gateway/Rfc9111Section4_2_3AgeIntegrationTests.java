package io.cachegate.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 section 4.2.3 on the wire: an answer that arrived already old is served with
 * its age, and its freshness left is what its lifetime had left; one whose {@code Age} is
 * invalid is taken as stale.
 */
class Rfc9111Section4_2_3AgeIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void aHitCarriesTheAgeTheAnswerArrivedWithPlusItsTimeInTheCache() {
		String path = served("/public/aged",
				Reply.of(200, "old news").header("Cache-Control", "public, max-age=100").header("Age", "40"));
		assertThat(fetch(path).answerHeader("X-Cache")).isEqualTo("MISS");
		HttpHeaders hit = fetch(path).result().getResponseHeaders();
		assertThat(hit.getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(Long.parseLong(hit.getFirst(HttpHeaders.AGE))).isBetween(40L, 50L);
		// Freshness left: at most 100 - 40 (less the jitter), never the whole 100 s.
		String ttl = hit.getFirst("Cache-Status").replaceAll(".*ttl=(\\d+).*", "$1");
		assertThat(Long.parseLong(ttl)).isBetween(45L, 60L);
	}

	@Test
	void anAnswerThatArrivesAsOldAsItsLifetimeIsNotStored() {
		String path = served("/public/too-old",
				Reply.of(200, "stale on arrival").header("Cache-Control", "public, max-age=30").header("Age", "31"));
		neverStored(path);
	}

	@Test
	void anAnswerWithAnInvalidAgeIsTakenAsStaleAndNotStored() {
		String path = served("/public/bad-age",
				Reply.of(200, "age unknown").header("Cache-Control", "public, max-age=3600").header("Age", "0, 0"));
		neverStored(path);
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(2);
	}

	private void neverStored(String path) {
		for (int i = 0; i < 2; i++) {
			assertThat(fetch(path).answerHeader("Cache-Status")).isEqualTo("cachegate; fwd=miss");
		}
	}

}
