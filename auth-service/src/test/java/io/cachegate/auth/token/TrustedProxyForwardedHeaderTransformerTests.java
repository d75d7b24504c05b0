package io.cachegate.auth.token;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedProxyForwardedHeaderTransformerTests {

	private final TrustedProxyForwardedHeaderTransformer transformer = new TrustedProxyForwardedHeaderTransformer(
			List.of("127.0.0.1", "10.1.0.0/16"));

	private static MockServerHttpRequest from(String peer) {
		return MockServerHttpRequest.post("/auth/token")
			.remoteAddress(new InetSocketAddress(peer, 40000))
			.header("X-Forwarded-For", "203.0.113.7")
			.build();
	}

	@Test
	void takesTheClientAddressFromATrustedProxy() {
		ServerHttpRequest request = this.transformer.apply(from("127.0.0.1"));
		assertThat(ClientAddress.of(request)).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.of(this.transformer.apply(from("10.1.2.3")))).isEqualTo("203.0.113.7");
	}

	@Test
	void ignoresAndRemovesForwardedHeadersFromAnyoneElse() {
		ServerHttpRequest request = this.transformer.apply(from("172.16.0.9"));
		assertThat(ClientAddress.of(request)).isEqualTo("172.16.0.9");
		assertThat(request.getHeaders().containsHeader("X-Forwarded-For")).isFalse();
	}

	@Test
	void ignoresTheStandardForwardedHeaderFromAnUntrustedPeerToo() {
		MockServerHttpRequest forged = MockServerHttpRequest.post("/auth/token")
			.remoteAddress(new InetSocketAddress("192.0.2.1", 40000))
			.header("Forwarded", "for=198.51.100.1")
			.build();
		assertThat(ClientAddress.of(this.transformer.apply(forged))).isEqualTo("192.0.2.1");
	}

	@Test
	void trustsNobodyByDefault() {
		TrustedProxyForwardedHeaderTransformer none = new TrustedProxyForwardedHeaderTransformer(List.of(""));
		assertThat(ClientAddress.of(none.apply(from("127.0.0.1")))).isEqualTo("127.0.0.1");
	}

}
