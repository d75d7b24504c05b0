package io.cachegate.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users route declares the query parameters user-service understands (q, page, size:
 * application.yml), so made-up ones cannot mint new cache keys; routes that declare none
 * accept any.
 */
class DeclaredQueryParametersIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void aParameterTheRouteDoesNotDeclareIsRefusedBeforeTheCacheAndTheService() {
		String path = servedCacheableJson();
		int keysBefore = entryKeys("users").size();
		for (int i = 0; i < 3; i++) {
			String junk = "junk" + i;
			client().get()
				.uri(path + "?q=a&" + junk + "=1")
				.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.value(detail -> assertThat((String) detail).contains(junk).contains("q, page, size"));
		}
		assertThat(ORIGIN.calls("GET", path)).isZero();
		assertThat(entryKeys("users")).hasSizeLessThanOrEqualTo(keysBefore);
	}

	@Test
	void declaredParametersAreCachedAsBefore() {
		String path = servedCacheableJson();
		expectOkAsUser(path + "?q=ana&page=1&size=5", "MISS");
		expectOkAsUser(path + "?size=5&q=ana&page=1", "HIT");
	}

	@Test
	void aRouteThatDeclaresNothingAcceptsAnyParameter() {
		String path = served("/public/qp", Reply.of(200, "{}").header("Content-Type", "application/json"));
		client().get().uri(path + "?anything=1").exchange().expectStatus().isOk();
	}

	/** A path of its own on the users route whose JSON answer may be cached for 60 s. */
	private static String servedCacheableJson() {
		return served("/users/qp",
				Reply.of(200, "{}")
					.header("Content-Type", "application/json")
					.header("Cachegate-Cache-Control", "max-age=60"));
	}

	private void expectOkAsUser(String uri, String xCache) {
		client().get()
			.uri(uri)
			.header(HttpHeaders.AUTHORIZATION, bearer("USER"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", xCache);
	}

}
