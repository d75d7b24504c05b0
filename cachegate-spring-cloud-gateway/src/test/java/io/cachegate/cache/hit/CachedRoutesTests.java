package io.cachegate.cache.hit;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class CachedRoutesTests {

	private static final List<RouteDefinition> GATEWAY = List.of(
			route("imports", List.of("Path=/imports/**,/users/import")),
			route("auth", List.of("Path=/auth/**,/.well-known/**"), "Cache"),
			route("users", List.of("Path=/users/**"), "Cache"),
			route("users-docs", List.of("Method=GET", "Path=/v3/api-docs/users"), "SetPath=/v3/api-docs"));

	@Test
	void picksTheFirstRouteThatMatchesInTheGatewaysOrder() {
		CachedRoutes routes = CachedRoutes.of(GATEWAY, false);
		assertThat(routes.servable("/users/42", HttpMethod.GET)).isEqualTo("users");
		assertThat(routes.servable("/users", HttpMethod.GET)).isEqualTo("users");
		assertThat(routes.servable("/auth/jwks", HttpMethod.HEAD)).isEqualTo("auth");
		assertThat(routes.servable("/.well-known/jwks.json", HttpMethod.GET)).isEqualTo("auth");
	}

	@Test
	void leavesRequestsOfRoutesWithOtherFiltersOrNoRouteToTheGateway() {
		CachedRoutes routes = CachedRoutes.of(GATEWAY, false);
		assertThat(routes.servable("/users/import", HttpMethod.GET)).isNull();
		assertThat(routes.servable("/users/import/", HttpMethod.GET)).isNull();
		assertThat(routes.servable("/imports/7", HttpMethod.GET)).isNull();
		assertThat(routes.servable("/v3/api-docs/users", HttpMethod.GET)).isNull();
		assertThat(routes.servable("/usersx/1", HttpMethod.GET)).isNull();
		assertThat(routes.servable("/admin/cache/stats", HttpMethod.GET)).isNull();
	}

	@Test
	void aRouteItCannotEvaluateBeforeAMatchMakesTheAnswerUnknown() {
		List<RouteDefinition> withHost = new ArrayList<>();
		withHost.add(route("by-host", List.of("Host=**.example.org")));
		withHost.addAll(GATEWAY);
		assertThat(CachedRoutes.of(withHost, false).servable("/users/42", HttpMethod.GET)).isNull();
		List<RouteDefinition> hostAfter = new ArrayList<>(GATEWAY);
		hostAfter.add(route("by-host", List.of("Host=**.example.org")));
		assertThat(CachedRoutes.of(hostAfter, false).servable("/users/42", HttpMethod.GET)).isEqualTo("users");
	}

	@Test
	void methodPredicatesAndPatternsAreHonoured() {
		List<RouteDefinition> routes = List.of(route("posts", List.of("Method=POST", "Path=/things/**"), "Cache"),
				route("things", List.of("Path=/things/{id}"), "Cache"));
		CachedRoutes table = CachedRoutes.of(routes, false);
		assertThat(table.servable("/things/1", HttpMethod.GET)).isEqualTo("things");
		assertThat(table.servable("/things/1/", HttpMethod.GET)).isEqualTo("things");
		assertThat(table.servable("/things/1/2", HttpMethod.GET)).isNull();
	}

	@Test
	void defaultFiltersTurnItOff() {
		assertThat(CachedRoutes.of(GATEWAY, true).servable("/users/42", HttpMethod.GET)).isNull();
	}

	private static RouteDefinition route(String id, List<String> predicates, String... filters) {
		RouteDefinition route = new RouteDefinition();
		route.setId(id);
		route.setPredicates(predicates.stream().map(PredicateDefinition::new).toList());
		route.setFilters(List.of(filters).stream().map(FilterDefinition::new).toList());
		return route;
	}

}
