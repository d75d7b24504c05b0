package io.cachegate.gateway.routing;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.cachegate.cache.web.RequestPaths;
import io.cachegate.gateway.error.ProblemException;

/**
 * Gives every request its normalized path ({@link RequestPaths}) before authentication,
 * routing and the cache see it, so that the public-path rules, the route predicates, the
 * cache key and the service all read the same path; refuses the ambiguous encodings with
 * 400 problem+json. Runs right after the request id (HIGHEST_PRECEDENCE + 10), so a
 * refusal carries it.
 */
class PathNormalizationWebFilter implements WebFilter, Ordered {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String rawPath = request.getURI().getRawPath();
		String refusal = RequestPaths.refusal(rawPath);
		if (refusal != null) {
			return Mono.error(new ProblemException(HttpStatus.BAD_REQUEST, "bad-path", "Bad Request Path",
					"The request was refused: " + refusal + ".", HttpHeaders.EMPTY));
		}
		String path = RequestPaths.normalize(rawPath);
		if (path.equals(rawPath)) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().request(request.mutate().path(path).build()).build());
	}

}
