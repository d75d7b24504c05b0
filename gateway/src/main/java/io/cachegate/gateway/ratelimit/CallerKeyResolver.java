package io.cachegate.gateway.ratelimit;

import java.net.InetSocketAddress;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.gateway.auth.VerifiedToken;

/**
 * Who a request counts against: the verified token's subject (never a client header,
 * never the token itself, so a caller with many tokens is still one caller), else, on
 * public paths such as the login, the address of the connection's peer.
 */
class CallerKeyResolver implements KeyResolver {

	@Override
	public Mono<String> resolve(ServerWebExchange exchange) {
		return Mono.just(VerifiedToken.of(exchange)
			.map(token -> "sub:" + token.subject())
			.orElseGet(() -> "addr:" + address(exchange)));
	}

	private static String address(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		if (remote == null || remote.getAddress() == null) {
			return "unknown";
		}
		return remote.getAddress().getHostAddress();
	}

}
