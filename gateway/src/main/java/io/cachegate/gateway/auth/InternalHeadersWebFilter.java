package io.cachegate.gateway.auth;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Removes request headers that only the gateway may set ({@code X-User-*} and the like): a client must not be able
 * to pose as an authenticated user to a service that trusts them. Runs before authentication, which sets them.
 */
class InternalHeadersWebFilter implements WebFilter, Ordered {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	private final List<String> prefixes;

	InternalHeadersWebFilter(AuthProperties properties) {
		this.prefixes = properties.internalHeaderPrefixes().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		List<String> internal = exchange.getRequest()
			.getHeaders()
			.headerNames()
			.stream()
			.filter(this::isInternal)
			.toList();
		if (internal.isEmpty()) {
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> internal.forEach(h::remove)).build();
		return chain.filter(exchange.mutate().request(request).build());
	}

	private boolean isInternal(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return prefixes.stream().anyMatch(lower::startsWith);
	}

}
