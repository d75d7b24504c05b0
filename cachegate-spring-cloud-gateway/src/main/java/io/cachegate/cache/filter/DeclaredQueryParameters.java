package io.cachegate.cache.filter;

import java.nio.charset.StandardCharsets;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;

import io.cachegate.cache.http.CacheProperties;
import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * In front of the cache filter: a request naming a query parameter its route does not
 * declare ({@code cachegate.cache.routes.<route>.query-parameters}) is refused with 400
 * problem+json. Every distinct query is a distinct cache key, so without this one caller
 * could fill Redis with {@code ?x=1}, {@code ?x=2}... for a service that ignores
 * {@code x}. Refusing (rather than silently dropping the parameter) keeps what the client
 * sent, what the key holds and what the service gets the same. Routes that declare
 * nothing accept any parameter.
 */
final class DeclaredQueryParameters extends RouteGuardFilter {

	private final CacheProperties properties;

	DeclaredQueryParameters(CacheProperties properties, GatewayFilter next) {
		super(next);
		this.properties = properties;
	}

	@Override
	Mono<Void> take(String routeId, ServerWebExchange exchange, GatewayFilterChain chain) {
		String query = exchange.getRequest().getURI().getRawQuery();
		if (query != null && !query.isEmpty()) {
			List<String> declared = properties.policy(routeId).queryParameters();
			String undeclared = declared.isEmpty() ? null : firstUndeclared(query, declared);
			if (undeclared != null) {
				return Mono.error(new ProblemException(ProblemType.BAD_REQUEST, "query parameter '" + undeclared
						+ "' is not one this path understands; use only " + String.join(", ", declared) + "."));
			}
		}
		return null;
	}

	static String firstUndeclared(String rawQuery, List<String> declared) {
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = decode(eq < 0 ? pair : pair.substring(0, eq));
			if (!declared.contains(name)) {
				return name.length() > 64 ? name.substring(0, 64) + "..." : name;
			}
		}
		return null;
	}

	private static String decode(String name) {
		try {
			return UriUtils.decode(name, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return name;
		}
	}

}
