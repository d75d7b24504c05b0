package io.cachegate.gateway.auth;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Removes request headers that only the gateway may set ({@code X-User-*} and the like):
 * a client must not be able to pose as an authenticated user to a service that trusts
 * them. Runs before authentication, which sets them.
 */
class InternalHeadersWebFilter implements WebFilter, Ordered {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	private final List<String> prefixes;

	InternalHeadersWebFilter(AuthProperties properties) {
		this.prefixes = List.copyOf(properties.internalHeaderPrefixes());
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!hasInternal(exchange.getRequest().getHeaders())) {
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
			List<String> internal = headers.headerNames().stream().filter(this::isInternal).toList();
			internal.forEach(headers::remove);
		}).build();
		return chain.filter(exchange.mutate().request(request).build());
	}

	/**
	 * The common case, no internal header, costs one pass over the names and no
	 * allocation.
	 */
	private boolean hasInternal(HttpHeaders headers) {
		for (String name : headers.headerNames()) {
			if (isInternal(name)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Runs for every header of every request: a case-insensitive prefix test in place, no
	 * lower-cased copies.
	 */
	private boolean isInternal(String name) {
		for (String prefix : prefixes) {
			if (name.regionMatches(true, 0, prefix, 0, prefix.length())) {
				return true;
			}
		}
		return false;
	}

}
