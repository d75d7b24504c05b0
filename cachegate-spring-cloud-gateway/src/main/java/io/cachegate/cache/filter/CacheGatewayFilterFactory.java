package io.cachegate.cache.filter;

import java.time.Clock;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import io.cachegate.cache.CallerRoles;
import io.cachegate.cache.http.CacheProperties;
import io.cachegate.cache.http.PrivatePathRules;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.stampede.RequestCoalescer;
import io.cachegate.cache.stampede.StaleRefresher;
import io.cachegate.cache.stampede.TtlJitter;
import io.cachegate.cache.store.CacheStore;
import io.cachegate.cache.store.PendingInvalidations;
import io.cachegate.cache.web.RequestEventLoops;

/**
 * The {@code Cache} route filter: add {@code - Cache} to any route's filters, public
 * routes included; its policy comes from {@code cachegate.cache.routes.<route-id>}. Runs
 * at order {@value CacheFilter#ORDER}: after authentication (a web filter, so before
 * every route filter) and before Spring Cloud Gateway's response writer (order -1), so a
 * hit is answered before routing and a miss's body can be copied as it streams.
 */
public class CacheGatewayFilterFactory extends AbstractGatewayFilterFactory<CacheGatewayFilterFactory.Config> {

	private final GatewayFilter filter;

	public CacheGatewayFilterFactory(CacheStore store, CacheProperties properties, Clock clock, CacheMetrics metrics,
			TtlJitter jitter, RequestCoalescer coalescer, StaleRefresher refresher, PendingInvalidations pending,
			PrivatePathRules privatePaths, CallerRoles roles) {
		super(Config.class);
		this.filter = new DeclaredQueryParameters(properties, new PrivatePaths(privatePaths, new CacheFilter(store,
				properties, clock, metrics, jitter, coalescer, refresher, new RequestEventLoops(), pending, roles)));
	}

	@Override
	public GatewayFilter apply(Config config) {
		return new OrderedGatewayFilter(filter, CacheFilter.ORDER);
	}

	/**
	 * No per-use settings: the route's policy lives in {@link CacheProperties},
	 * addressable by environment.
	 */
	public static class Config {

	}

}
