package io.cachegate.cache.filter;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.store.CacheKey;

/**
 * One GET or HEAD through the cache: what every step of the read needs to know.
 *
 * @param exchange the exchange, its path already normalized
 * @param chain the rest of the route's filters, towards the origin
 * @param key the request's cache key
 * @param policy the route's cache policy
 * @param retryEpoch the {@link io.cachegate.cache.store.PendingInvalidations} retry epoch
 * taken before the lookup: which held-back invalidations the lookup may predate
 */
record CachedRead(ServerWebExchange exchange, GatewayFilterChain chain, CacheKey key, RoutePolicy policy,
		long retryEpoch) {

	/** The same read under another key (the variant the request selects). */
	CachedRead withKey(CacheKey variant) {
		return new CachedRead(exchange, chain, variant, policy, retryEpoch);
	}

	String route() {
		return key.route();
	}

	boolean isGet() {
		return HttpMethod.GET.equals(exchange.getRequest().getMethod());
	}

	boolean isHead() {
		return HttpMethod.HEAD.equals(exchange.getRequest().getMethod());
	}

}
