package io.cachegate.cache.admin;

import java.util.function.BiFunction;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.cachegate.cache.CacheAdminAccess.CacheAdministrator;
import io.cachegate.cache.CacheAdminAccess;
import io.cachegate.cache.store.CacheAdministration;

/**
 * The cache admin API, served by the application itself (not proxied):
 * {@code /admin/cache/**}, registered when the application says who may use it (a
 * {@link CacheAdminAccess} bean).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean(CacheAdminAccess.class)
public class CacheAdminConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CacheAdminHandler cacheAdminHandler(CacheAdministration cache, RouteLocator routes, MeterRegistry meters,
			JsonMapper json) {
		return new CacheAdminHandler(cache, routes, meters, json);
	}

	@Bean
	RouterFunction<ServerResponse> cacheAdminRoutes(CacheAdminHandler handler, CacheAdminAccess access) {
		return RouterFunctions.route()
			.GET("/admin/cache/stats", admitted(access, handler::stats))
			.GET("/admin/cache/keys", admitted(access, handler::keys))
			.GET("/admin/cache/entry", admitted(access, handler::entry))
			.DELETE("/admin/cache/entry", admitted(access, handler::deleteEntry))
			.POST("/admin/cache/invalidations", admitted(access, handler::invalidate))
			.DELETE("/admin/cache", admitted(access, handler::clear))
			.build();
	}

	/** The action, called with the administrator {@code access} admits. */
	private static HandlerFunction<ServerResponse> admitted(CacheAdminAccess access,
			BiFunction<ServerRequest, CacheAdministrator, Mono<ServerResponse>> action) {
		return request -> access.administrator(request.exchange())
			.flatMap(administrator -> action.apply(request, administrator));
	}

}
