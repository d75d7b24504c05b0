package io.cachegate.gateway.auth;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.cachegate.gateway.error.ProblemException;

/**
 * Actuator endpoints other than the public ones (health and info, in
 * {@code cachegate.auth.public-paths}) are for ADMINs: metrics and the Prometheus scrape
 * tell an outsider the routes, the hit ratio and the load, and cost CPU to render. Runs
 * after authentication, so an unauthenticated call has already had its 401; any other
 * role gets 403.
 */
class ActuatorAccessWebFilter implements WebFilter, Ordered {

	static final int ORDER = AuthenticationWebFilter.ORDER + 5;

	private static final String ADMIN = "ADMIN";

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!(path.equals("/actuator") || path.startsWith("/actuator/"))) {
			return chain.filter(exchange);
		}
		// No verified caller here means a public path: authentication refused everything
		// else already.
		boolean allowed = VerifiedToken.of(exchange).map(token -> ADMIN.equals(token.role())).orElse(true);
		if (allowed) {
			return chain.filter(exchange);
		}
		return Mono.error(new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
				"The Actuator endpoints beyond health and info need the ADMIN role.", HttpHeaders.EMPTY));
	}

}
