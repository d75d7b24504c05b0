package io.cachegate.auth.token;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a login attempt is counted against: the request's remote address, which is
 * the client's as a trusted proxy reported it
 * ({@link TrustedProxyForwardedHeaderTransformer}), else the peer's.
 */
final class ClientAddress {

	private ClientAddress() {
	}

	static String of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		String address = (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
		// Bounded, because it becomes part of a Redis key (an unresolved name from a
		// proxy could be anything).
		return (address.length() <= 64) ? address : address.substring(0, 64);
	}

}
