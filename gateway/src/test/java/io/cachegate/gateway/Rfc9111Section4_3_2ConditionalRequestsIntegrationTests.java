package io.cachegate.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 section 4.3.2 on the wire: a client's {@code If-Modified-Since} on a fresh
 * entry is answered with a 304 by the gateway, on a public route (the cache filter) and
 * on an authenticated one (the fast path), without asking the origin; a date before the
 * entry's {@code Last-Modified} gets the stored answer.
 */
class Rfc9111Section4_3_2ConditionalRequestsIntegrationTests extends GatewayIntegrationTestSupport {

	private static final String MODIFIED = "Tue, 01 Dec 2026 10:00:00 GMT";

	/**
	 * Where a fresh hit is answered: the cache filter on a public route, the fast path on
	 * an authenticated one.
	 */
	enum Answerer {

		CACHE_FILTER("/public/ims", "Cache-Control", "public, max-age=600", null),

		FAST_PATH("/users/ims", "Cachegate-Cache-Control", "max-age=600", "USER");

		private final String prefix;

		private final String freshnessField;

		private final String freshness;

		private final String role;

		Answerer(String prefix, String freshnessField, String freshness, String role) {
			this.prefix = prefix;
			this.freshnessField = freshnessField;
			this.freshness = freshness;
			this.role = role;
		}

	}

	@ParameterizedTest
	@EnumSource
	void ifModifiedSinceOnAFreshEntryIsAnsweredWithA304(Answerer answerer) {
		String path = served(answerer.prefix,
				Reply.of(200, "dated")
					.header(answerer.freshnessField, answerer.freshness)
					.header("Last-Modified", MODIFIED));
		answersConditionalsFromTheCache(path, answerer.role == null ? null : bearer(answerer.role));
	}

	private void answersConditionalsFromTheCache(String path, String authorization) {
		assertThat(get(path, authorization, null).getResponseHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		EntityExchangeResult<String> notModified = get(path, authorization, MODIFIED);
		assertThat(notModified.getStatus().value()).isEqualTo(304);
		assertThat(notModified.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(notModified.getResponseHeaders().getFirst(HttpHeaders.LAST_MODIFIED)).isEqualTo(MODIFIED);
		assertThat(notModified.getResponseBody()).isNull();
		EntityExchangeResult<String> modified = get(path, authorization, "Tue, 01 Dec 2026 09:00:00 GMT");
		assertThat(modified.getStatus().value()).isEqualTo(200);
		assertThat(modified.getResponseHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(ORIGIN.calls("GET", path)).isEqualTo(1);
	}

	private EntityExchangeResult<String> get(String path, String authorization, String ifModifiedSince) {
		return fetch(path).authorization(authorization).header(HttpHeaders.IF_MODIFIED_SINCE, ifModifiedSince).result();
	}

}
