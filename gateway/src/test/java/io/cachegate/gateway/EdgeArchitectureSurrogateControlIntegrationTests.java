package io.cachegate.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

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
		String path = unique("/public/surrogate");
		List<String> capabilities = new CopyOnWriteArrayList<>();
		ORIGIN.on("GET", path, request -> {
			capabilities.add(String.valueOf(request.header("Surrogate-Capability")));
			return Reply.of(200, "for surrogates")
				.header("Cache-Control", "no-store")
				.header("Surrogate-Control", "max-age=60;cachegate");
		});
		assertThat(cacheStatus(path)).isEqualTo("cachegate; fwd=miss; stored");
		assertThat(cacheStatus(path)).startsWith("cachegate; hit");
		assertThat(capabilities).containsExactly("cachegate=\"Surrogate/1.0\"");
	}

	@Test
	void aDirectiveTargetedAtAnotherDeviceIsLeftOut() {
		String path = unique("/public/surrogate-other");
		ORIGIN.on("GET", path,
				request -> Reply.of(200, "not for us")
					.header("Cache-Control", "no-store")
					.header("Surrogate-Control", "max-age=60;other-cdn"));
		assertThat(cacheStatus(path)).isEqualTo("cachegate; fwd=miss");
		assertThat(cacheStatus(path)).isEqualTo("cachegate; fwd=miss");
	}

	private String cacheStatus(String path) {
		HttpHeaders headers = client().get().uri(path).exchange().returnResult(String.class).getResponseHeaders();
		return headers.getFirst("Cache-Status");
	}

}
