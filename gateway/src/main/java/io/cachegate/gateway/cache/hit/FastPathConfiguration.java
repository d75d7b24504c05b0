package io.cachegate.gateway.cache.hit;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;

import io.cachegate.gateway.auth.KnownCallers;

/**
 * Wires the cache's fast path in front of the whole WebFlux handler
 * ({@link HttpHandlerDecoratorFactory}); with
 * {@code cachegate.cache.fast-path.enabled=false} the handler is left as it is.
 */
@Configuration(proxyBeanMethods = false)
class FastPathConfiguration {

	@Bean
	RouteTable fastPathRoutes(RouteLocator routeLocator, RouteDefinitionLocator routeDefinitionLocator,
			GatewayProperties gateway) {
		return new RouteTable(routeLocator, routeDefinitionLocator, !gateway.getDefaultFilters().isEmpty());
	}

	/**
	 * Reads the routes once the gateway is ready and after every refresh of its routes.
	 */
	@Bean
	ApplicationListener<ApplicationEvent> fastPathRoutesRefresh(RouteTable routes) {
		return event -> {
			if (event instanceof ApplicationReadyEvent || event instanceof RefreshRoutesResultEvent) {
				routes.refresh().subscribe();
			}
		};
	}

	@Bean
	HttpHandlerDecoratorFactory cacheFastPath(FastPathProperties properties, FreshHits hits, KnownCallers callers,
			RouteTable routes) {
		if (!properties.enabled()) {
			return handler -> handler;
		}
		FastPath fastPath = new FastPath(hits, callers, routes);
		return gateway -> (request, response) -> fastPath.handle(request, response, gateway);
	}

}
