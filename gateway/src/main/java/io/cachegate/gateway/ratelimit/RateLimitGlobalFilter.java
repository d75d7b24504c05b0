package io.cachegate.gateway.ratelimit;

import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.cache.redis.RedisGuard;
import io.cachegate.cache.redis.RedisUnavailableException;
import io.cachegate.cache.web.RequestEventLoops;
import io.cachegate.gateway.error.ProblemException;

/**
 * Spring Cloud Gateway's request rate limiting ({@code RedisRateLimiter}, its token
 * bucket in one Lua script, keyed by {@link CallerKeyResolver}) on every route, with the
 * gateway's answer when a caller is over its limit: 429 problem+json with
 * {@code Retry-After} (the framework's own filter answers an empty 429).
 *
 * <p>
 * Order {@value #ORDER}: after the cache filter (-10), so only what goes on to a service
 * is counted (misses, writes, logins, uncached routes): a hit creates nothing in Redis
 * and costs no extra round trip, while every request that can create a cache entry or
 * load a service is bounded per caller.
 *
 * <p>
 * <b>Redis slow or down: fails open</b>, like the cache: the call goes through
 * {@link RedisGuard} (timeout, circuit breaker) and a failed one lets the request through
 * ({@code RedisRateLimiter} itself also allows a request when its script fails, for
 * example when a full Redis refuses the write). Refusing every request while Redis is out
 * would turn a cache outage into a full outage; the services still have their own limits
 * (connection pools, auth-service's login limiter).
 */
class RateLimitGlobalFilter implements GlobalFilter, Ordered {

	static final int ORDER = -5;

	private static final RateLimiter.Response ALLOWED = new RateLimiter.Response(true, Map.of());

	private final RateLimiter<?> limiter;

	private final KeyResolver keys;

	private final RedisGuard guard;

	private final RequestEventLoops eventLoops;

	private final RateLimitProperties properties;

	RateLimitGlobalFilter(RateLimiter<?> limiter, KeyResolver keys, RedisGuard guard, RequestEventLoops eventLoops,
			RateLimitProperties properties) {
		this.limiter = limiter;
		this.keys = keys;
		this.guard = guard;
		this.eventLoops = eventLoops;
		this.properties = properties;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (!properties.enabled() || route == null) {
			return chain.filter(exchange);
		}
		return keys.resolve(exchange)
			.flatMap(key -> guard.call(limiter.isAllowed(route.getId(), key))
				.onErrorResume(RedisUnavailableException.class, ex -> Mono.just(ALLOWED)))
			.defaultIfEmpty(ALLOWED)
			// The reply came on the Redis client's I/O thread: the request goes on on its
			// own event loop.
			.publishOn(eventLoops.of(exchange))
			.flatMap(response -> response.isAllowed() ? chain.filter(exchange) : Mono.error(tooManyRequests(response)));
	}

	private ProblemException tooManyRequests(RateLimiter.Response response) {
		HttpHeaders headers = new HttpHeaders();
		response.getHeaders().forEach(headers::set);
		long retryAfter = properties.retryAfterSeconds();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too Many Requests",
				"This caller sent more requests than the gateway allows (" + properties.replenishRate()
						+ " tokens a second, bursts of " + properties.burstCapacity() + ", "
						+ properties.requestedTokens() + " a request); retry after " + retryAfter + " s.",
				headers);
	}

}
