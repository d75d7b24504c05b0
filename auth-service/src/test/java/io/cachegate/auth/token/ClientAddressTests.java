package io.cachegate.auth.token;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressTests {

	private final MockServerHttpRequest forwarded = MockServerHttpRequest.post("/auth/token")
		.remoteAddress(new InetSocketAddress("172.16.0.9", 40000))
		.header("X-Forwarded-For", "1.2.3.4, 5.6.7.8")
		.header("X-Forwarded-For", "203.0.113.7")
		.build();

	@Test
	void usesThePeerAddressUnlessForwardingIsTrusted() {
		assertThat(ClientAddress.of(this.forwarded, false)).isEqualTo("172.16.0.9");
	}

	@Test
	void usesTheEntryTheNearestProxyAddedWhenForwardingIsTrusted() {
		assertThat(ClientAddress.of(this.forwarded, true)).isEqualTo("203.0.113.7");
	}

	@Test
	void fallsBackToThePeerWithoutAForwardedHeader() {
		MockServerHttpRequest direct = MockServerHttpRequest.post("/auth/token")
			.remoteAddress(new InetSocketAddress("192.0.2.1", 40000))
			.build();
		assertThat(ClientAddress.of(direct, true)).isEqualTo("192.0.2.1");
	}

}
