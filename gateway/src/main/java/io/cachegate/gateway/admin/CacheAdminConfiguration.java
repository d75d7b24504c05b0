package io.cachegate.gateway.admin;

import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.cachegate.gateway.cache.store.CacheAdministration;

/**
 * The cache admin API, served by the gateway itself (not proxied):
 * {@code /admin/cache/**}. Authentication is the gateway's web filter's (every request);
 * the ADMIN role is checked by {@link CacheAdminHandler}.
 */
@Configuration(proxyBeanMethods = false)
class CacheAdminConfiguration {

	@Bean
	CacheAdminHandler cacheAdminHandler(CacheAdministration cache, RouteLocator routes, MeterRegistry meters,
			JsonMapper json) {
		return new CacheAdminHandler(cache, routes, meters, json);
	}

	@Bean
	RouterFunction<ServerResponse> cacheAdminRoutes(CacheAdminHandler handler) {
		return RouterFunctions.route()
			.GET("/admin/cache/stats", handler::stats)
			.GET("/admin/cache/keys", handler::keys)
			.GET("/admin/cache/entry", handler::entry)
			.DELETE("/admin/cache/entry", handler::deleteEntry)
			.POST("/admin/cache/invalidations", handler::invalidate)
			.DELETE("/admin/cache", handler::clear)
			.build();
	}

}
