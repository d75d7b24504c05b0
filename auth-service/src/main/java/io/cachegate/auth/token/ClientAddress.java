package io.cachegate.auth.token;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a login attempt is counted against.
 */
final class ClientAddress {

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private ClientAddress() {
	}

	/**
	 * @param request the request
	 * @param trustForwarded whether a trusted proxy sits in front and sets {@code X-Forwarded-For}
	 * @return the peer address; behind a trusted proxy, the last {@code X-Forwarded-For} entry instead (the
	 * one that proxy appended: earlier entries come from the client and may be forged)
	 */
	static String of(ServerHttpRequest request, boolean trustForwarded) {
		if (trustForwarded) {
			String forwarded = lastForwarded(request);
			if (forwarded != null) {
				return forwarded;
			}
		}
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null) {
			return "unknown";
		}
		return (remote.getAddress() != null) ? remote.getAddress().getHostAddress() : remote.getHostString();
	}

	private static String lastForwarded(ServerHttpRequest request) {
		String last = null;
		for (String header : request.getHeaders().getOrEmpty(FORWARDED_FOR)) {
			for (String entry : header.split(",")) {
				if (!entry.isBlank()) {
					last = entry.strip();
				}
			}
		}
		// Bounded, because it becomes part of a Redis key.
		return (last != null && last.length() <= 64) ? last : null;
	}

}
