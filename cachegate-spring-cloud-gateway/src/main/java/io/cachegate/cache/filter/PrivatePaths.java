package io.cachegate.cache.filter;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import io.cachegate.cache.http.CacheHeaders;
import io.cachegate.cache.http.ForwardReason;
import io.cachegate.cache.http.PrivatePathRules;
import io.cachegate.cache.metrics.CacheResult;

/**
 * In front of the cache filter: reads of a route's private paths
 * ({@code cachegate.cache.routes.<route>.private-paths}, for example
 * {@code /auth/accounts/me}) never touch the cache, whatever the service's headers say.
 * The cache is keyed by role, so an answer that depends on the caller (the subject) would
 * otherwise be served to every caller of the same role as soon as a service forgot
 * {@code no-store}. Writes to such paths still go through the cache filter, so they
 * invalidate as usual.
 */
final class PrivatePaths extends RouteGuardFilter {

	private final PrivatePathRules rules;

	PrivatePaths(PrivatePathRules rules, GatewayFilter next) {
		super(next);
		this.rules = rules;
	}

	@Override
	Mono<Void> take(String routeId, ServerWebExchange exchange, GatewayFilterChain chain) {
		HttpMethod method = exchange.getRequest().getMethod();
		if (!(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) || !isPrivate(routeId, exchange)) {
			return null;
		}
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			response.getHeaders().remove(CacheHeaders.CACHE_TAG);
			response.getHeaders().remove("Cachegate-Cache-Control");
			response.getHeaders().set(CacheHeaders.X_CACHE, CacheResult.BYPASS.header());
			response.getHeaders().set(CacheHeaders.CACHE_STATUS, ForwardReason.BYPASS.cacheStatus("private"));
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	private boolean isPrivate(String routeId, ServerWebExchange exchange) {
		return rules.isPrivate(routeId, exchange.getRequest().getPath().pathWithinApplication());
	}

}
