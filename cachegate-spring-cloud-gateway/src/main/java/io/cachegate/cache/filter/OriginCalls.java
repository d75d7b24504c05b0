package io.cachegate.cache.filter;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.cache.http.CacheHeaders;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.metrics.CacheResult;

/**
 * Calls to the origin, timed for {@code cachegate.origin.latency}; a forwarded request
 * whose answer the cache leaves alone gets its {@code X-Cache} and {@code Cache-Status}.
 */
final class OriginCalls {

	private final CacheMetrics metrics;

	OriginCalls(CacheMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * Forwards without the cache; the answer is marked and stripped of internal headers.
	 */
	Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, CacheResult result, String cacheStatus) {
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			CacheHeaders.stripInternal(response.getHeaders());
			response.getHeaders().set(CacheHeaders.X_CACHE, result.header());
			response.getHeaders().set(CacheHeaders.CACHE_STATUS, cacheStatus);
			return Mono.empty();
		});
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return timed(chain.filter(exchange), route != null ? route.getId() : "-", exchange);
	}

	/**
	 * Strips the internal headers from the origin's answer as it commits, whichever way
	 * it is written (the body, a fallback, an error).
	 */
	static void stripInternalOnCommit(ServerHttpResponse response) {
		response.beforeCommit(() -> {
			CacheHeaders.stripInternal(response.getHeaders());
			return Mono.empty();
		});
	}

	/** Times an origin call until its answer is written (or fails). */
	Mono<Void> timed(Mono<Void> originCall, String route, ServerWebExchange exchange) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			String method = exchange.getRequest().getMethod().name();
			return originCall.doFinally(signal -> metrics.origin(route, method, started));
		});
	}

}
