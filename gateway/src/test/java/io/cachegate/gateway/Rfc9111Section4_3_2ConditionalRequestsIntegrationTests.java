package io.cachegate.gateway;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
	 * On a public route the cache filter answers the hit; on an authenticated one (a
	 * role), the fast path.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ "/public/ims, Cache-Control, 'public, max-age=600',",
			"/users/ims, Cachegate-Cache-Control, max-age=600, USER" })
	void ifModifiedSinceOnAFreshEntryIsAnsweredWithA304(String prefix, String freshnessField, String freshness,
			String role) {
		String path = served(prefix,
				Reply.of(200, "dated").header(freshnessField, freshness).header("Last-Modified", MODIFIED));
		String authorization = role == null ? null : bearer(role);
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
