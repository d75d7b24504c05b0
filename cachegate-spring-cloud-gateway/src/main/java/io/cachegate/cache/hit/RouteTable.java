package io.cachegate.cache.hit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;

/**
 * The gateway's routes as the fast path sees them ({@link CachedRoutes}), read from
 * Spring Cloud Gateway once it is ready and again whenever its routes are refreshed.
 * Until the first read, nothing is answered by the fast path.
 */
final class RouteTable {

	private static final Logger logger = LoggerFactory.getLogger(RouteTable.class);

	private final RouteLocator routeLocator;

	private final RouteDefinitionLocator definitionLocator;

	private final boolean defaultFilters;

	private final AtomicReference<CachedRoutes> current = new AtomicReference<>(CachedRoutes.NONE);

	/**
	 * @param defaultFilters whether the gateway has default filters (they apply to every
	 * route; then the fast path answers nothing)
	 */
	RouteTable(RouteLocator routeLocator, RouteDefinitionLocator definitionLocator, boolean defaultFilters) {
		this.routeLocator = routeLocator;
		this.definitionLocator = definitionLocator;
		this.defaultFilters = defaultFilters;
	}

	CachedRoutes current() {
		return current.get();
	}

	/**
	 * Reads the routes again (in the background); the table changes once they are read.
	 */
	Mono<Void> refresh() {
		Mono<Map<String, RouteDefinition>> definitions = definitionLocator.getRouteDefinitions()
			.collectMap(RouteDefinition::getId);
		Mono<List<String>> order = routeLocator.getRoutes().map(Route::getId).collectList();
		return Mono.zip(order, definitions).doOnNext(both -> {
			List<RouteDefinition> ordered = both.getT1()
				.stream()
				.map(id -> both.getT2().getOrDefault(id, unknown(id)))
				.toList();
			CachedRoutes routes = CachedRoutes.of(ordered, defaultFilters);
			current.set(routes);
			logger.info("Cache fast path answers hits of the routes {}", routes.ids());
		})
			.doOnError(ex -> logger.warn("Routes could not be read for the cache fast path: {}", ex.toString()))
			.onErrorResume(ex -> Mono.empty())
			.then();
	}

	/**
	 * A route known only by id (defined in code): nothing after it is answered by the
	 * fast path.
	 */
	private static RouteDefinition unknown(String id) {
		RouteDefinition definition = new RouteDefinition();
		definition.setId(id);
		definition.setPredicates(List.of(new PredicateDefinition("Unknown=")));
		return definition;
	}

}
