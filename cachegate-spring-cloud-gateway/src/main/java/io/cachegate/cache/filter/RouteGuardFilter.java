package io.cachegate.cache.filter;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * A check in front of the cache filter, by route: it either takes the request itself
 * (refuses it, or sends it past the cache) or hands it on to the next filter unchanged. A
 * request without a route is always handed on.
 */
abstract class RouteGuardFilter implements GatewayFilter {

	private final GatewayFilter next;

	RouteGuardFilter(GatewayFilter next) {
		this.next = next;
	}

	@Override
	public final Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		Mono<Void> taken = route != null ? take(route.getId(), exchange, chain) : null;
		return taken != null ? taken : next.filter(exchange, chain);
	}

	/**
	 * What to do with a request of route {@code routeId} instead of handing it on, or
	 * null to hand it on.
	 */
	abstract Mono<Void> take(String routeId, ServerWebExchange exchange, GatewayFilterChain chain);

}
