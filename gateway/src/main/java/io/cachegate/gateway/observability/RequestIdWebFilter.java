package io.cachegate.gateway.observability;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.cachegate.cache.observability.RequestIds;

/**
 * First on every request (routed, gateway-owned and unmatched alike, hence a
 * {@link WebFilter} rather than a gateway filter): keeps the client's
 * {@code X-Request-Id} when it is a sane token, else makes one, passes it to the origin
 * and returns it to the client, so one id ties the client, the gateway's log and the
 * service's log.
 */
@Component
class RequestIdWebFilter implements WebFilter, Ordered {

	/**
	 * Runs first; see {@code io.cachegate.gateway.auth.AuthenticationWebFilter} for the
	 * order of the rest.
	 */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	static final String HEADER = RequestIds.HEADER;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String id = RequestIds.of(exchange.getRequest().getHeaders().getFirst(HEADER));
		ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> h.set(HEADER, id)).build();
		exchange.getResponse().getHeaders().set(HEADER, id);
		// Origins may echo the id: keep exactly one on the way out.
		exchange.getResponse().beforeCommit(() -> {
			exchange.getResponse().getHeaders().set(HEADER, id);
			return Mono.empty();
		});
		return chain.filter(exchange.mutate().request(request).build());
	}

}
