package io.cachegate.gateway;

import org.junit.jupiter.api.Test;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Surrogate-Control} (W3C Edge Architecture 1.0) on a route that lists it among
 * its targeted fields (the test route {@code public}): the gateway announces itself in
 * {@code Surrogate-Capability}, a directive targeted at it decides over
 * {@code Cache-Control}, one targeted at another device does not.
 */
class EdgeArchitectureSurrogateControlIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void aDirectiveTargetedAtTheGatewayDecidesOverCacheControl() {
		String path = servedNoStoreWith("max-age=60;cachegate");
		assertThat(cacheStatus(path)).isEqualTo("cachegate; fwd=miss; stored");
		assertThat(cacheStatus(path)).startsWith("cachegate; hit");
		assertThat(ORIGIN.requests("GET", path)).extracting(request -> request.header("Surrogate-Capability"))
			.containsExactly("cachegate=\"Surrogate/1.0\"");
	}

	@Test
	void aDirectiveTargetedAtAnotherDeviceIsLeftOut() {
		String path = servedNoStoreWith("max-age=60;other-cdn");
		assertThat(cacheStatus(path)).isEqualTo("cachegate; fwd=miss");
		assertThat(cacheStatus(path)).isEqualTo("cachegate; fwd=miss");
	}

	/**
	 * A path of its own whose answer says {@code Cache-Control: no-store} and carries the
	 * {@code Surrogate-Control} directives.
	 */
	private static String servedNoStoreWith(String surrogateControl) {
		return served("/public/surrogate",
				Reply.of(200, "for surrogates")
					.header("Cache-Control", "no-store")
					.header("Surrogate-Control", surrogateControl));
	}

	private String cacheStatus(String path) {
		return fetch(path).answerHeader("Cache-Status");
	}

}
