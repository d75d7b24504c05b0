package io.cachegate.cache.filter;

import java.time.Clock;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.cache.CallerRoles;
import io.cachegate.cache.hit.FreshHits;
import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.http.CacheProperties;
import io.cachegate.cache.http.ForwardReason;
import io.cachegate.cache.http.Storability;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.metrics.CacheResult;
import io.cachegate.cache.stampede.RequestCoalescer;
import io.cachegate.cache.stampede.StaleRefresher;
import io.cachegate.cache.stampede.TtlJitter;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore;
import io.cachegate.cache.store.PendingInvalidations;
import io.cachegate.cache.web.RequestEventLoops;

/**
 * Read-through and write-through for one route.
 *
 * <ul>
 * <li>GET/HEAD: normalize the path (and forward the normalized one), then
 * {@link ReadFlow}: look the key up (one Redis round trip). A fresh hit is answered at
 * once ({@code X-Cache: HIT}, {@code Age}, {@code Cache-Status}, 304 on a matching
 * {@code If-None-Match}); the origin is not called. A miss goes to the origin; if the
 * answer may be stored, its body is copied as it streams to the client (up to
 * {@code max-entry-size}, abandoned beyond) and stored once complete
 * ({@link MissResponse}), under the snapshot taken by the lookup
 * ({@link io.cachegate.cache.store.RedisCacheStore} explains why that closes the
 * invalidation race). HEAD misses are forwarded, never stored.</li>
 * <li>Any unsafe method (all but GET, HEAD, OPTIONS and TRACE, unknown ones included),
 * {@link WriteFlow}: the route's sequence is read first; on a 2xx or 3xx answer, what it
 * made stale is invalidated ({@link WriteInvalidation}: by version where the answer names
 * its representation), and a {@code Content-Location} answer's body is written through as
 * the GET entry of that URI, all before the client gets the answer, so a client that
 * wrote reads its write. The written-through entry is keyed by the writer's role: the
 * answer was made for that role, and the gateway cannot know that other roles would get
 * the same.</li>
 * <li>Redis unavailable: {@code X-Cache: BYPASS}, straight to the origin.</li>
 * </ul>
 * {@code Cache-Tag}, {@code Cachegate-Invalidate} and {@code Cachegate-Cache-Control}
 * never reach the client.
 */
public final class CacheFilter implements GatewayFilter {

	/**
	 * After authentication (a web filter), before Spring Cloud Gateway's response writer
	 * (-1).
	 */
	public static final int ORDER = -10;

	/**
	 * The request field by which surrogates announce themselves to origins (W3C Edge
	 * Architecture), appended to what the client sent.
	 */
	private static final String SURROGATE_CAPABILITY = "Surrogate-Capability";

	private final CacheProperties properties;

	private final CacheMetrics metrics;

	private final PendingInvalidations pending;

	private final CallerRoles roles;

	private final OriginCalls origin;

	private final ReadFlow reads;

	private final WriteFlow writes;

	CacheFilter(CacheStore store, CacheProperties properties, Clock clock, CacheMetrics metrics, TtlJitter jitter,
			RequestCoalescer coalescer, StaleRefresher refresher, RequestEventLoops eventLoops,
			PendingInvalidations pending, CallerRoles roles) {
		this.properties = properties;
		this.metrics = metrics;
		this.pending = pending;
		this.roles = roles;
		this.origin = new OriginCalls(metrics);
		this.reads = new ReadFlow(store, clock, metrics, jitter, coalescer, refresher, eventLoops, pending);
		this.writes = new WriteFlow(store, clock, jitter, eventLoops, pending, roles, origin);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return chain.filter(exchange);
		}
		RoutePolicy policy = properties.policy(route.getId());
		ServerHttpRequest request = exchange.getRequest();
		String rawPath = request.getURI().getRawPath();
		String path = CacheKeys.normalizePath(rawPath);
		ServerWebExchange normalized = path.equals(rawPath) ? exchange
				: exchange.mutate().request(request.mutate().path(path).build()).build();
		if (policy.readsSurrogateControl()) {
			normalized = normalized.mutate()
				.request(r -> r.headers(h -> h.add(SURROGATE_CAPABILITY, Storability.SURROGATE_CAPABILITY)))
				.build();
		}
		HttpMethod method = request.getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
			return read(normalized, chain, route.getId(), policy, path);
		}
		if (HttpMethod.OPTIONS.equals(method) || HttpMethod.TRACE.equals(method)) {
			return origin.forward(normalized, chain, CacheResult.BYPASS, ForwardReason.METHOD.cacheStatus());
		}
		// Every other method is unsafe (RFC 9110 section 9.2.1), known or not (RFC 9111
		// section 4.4).
		return writes.write(normalized, chain, route.getId(), policy, path);
	}

	private Mono<Void> read(ServerWebExchange exchange, GatewayFilterChain chain, String route, RoutePolicy policy,
			String path) {
		if (!policy.enabled()) {
			metrics.request(route, CacheResult.BYPASS);
			return origin.forward(exchange, chain, CacheResult.BYPASS, ForwardReason.BYPASS.cacheStatus("disabled"));
		}
		ServerHttpRequest request = exchange.getRequest();
		String query = CacheKeys.normalizeQuery(request.getURI().getRawQuery());
		CacheKey key = CacheKeys.key(route, path, query, roles.roleOf(exchange), request.getHeaders(), policy);
		// The fast path may have looked this very request up already (FreshHits): its
		// answer, not a second lookup.
		FreshHits.Found found = FreshHits.takeHandedOver(request, key);
		long retryEpoch = found != null ? found.retryEpoch() : pending.retryEpoch();
		return reads.read(new CachedRead(exchange, chain, key, policy, retryEpoch), found);
	}

}
