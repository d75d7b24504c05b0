package io.cachegate.cache.hit;

import io.netty.handler.codec.http.HttpMethod;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.util.function.SingletonSupplier;

import io.cachegate.cache.FastPathCallers;

/**
 * Wires the cache's fast path in front of the whole WebFlux handler, as a route of
 * Reactor Netty's server ({@link NettyRouteProvider}); with
 * {@code cachegate.cache.fast-path.enabled=false} Spring's handler takes every request.
 */
@Configuration(proxyBeanMethods = false)
public class FastPathConfiguration {

	@Bean
	@ConditionalOnMissingBean
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

	/**
	 * A route of Reactor Netty's server ahead of Spring's handler, taking the reads (GET
	 * and HEAD): the fast path answers the hits it may and hands the rest to Spring's
	 * handler, as the server itself would. What it needs is taken on the first request,
	 * once the application is up (the server's routes are read while the web server is
	 * made, before most beans exist).
	 */
	@Bean
	@ConditionalOnMissingBean(name = "cacheFastPath")
	NettyRouteProvider cacheFastPath(FastPathProperties properties, ObjectProvider<FreshHits> hits,
			ObjectProvider<FastPathCallers> callers, ObjectProvider<RouteTable> routes,
			ObjectProvider<HttpHandler> httpHandler) {
		if (!properties.enabled()) {
			return serverRoutes -> serverRoutes;
		}
		SingletonSupplier<FastPath> fastPath = SingletonSupplier.of(() -> new FastPath(hits.getObject(),
				callers.getIfAvailable(() -> FastPathCallers.NONE), routes.getObject()));
		SingletonSupplier<ReactorHttpHandlerAdapter> gateway = SingletonSupplier
			.of(() -> new ReactorHttpHandlerAdapter(httpHandler.getObject()));
		return serverRoutes -> serverRoutes.route(FastPathConfiguration::isRead,
				(request, response) -> fastPath.obtain().handle(request, response, gateway.obtain()));
	}

	private static boolean isRead(HttpServerRequest request) {
		return request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD;
	}

}
