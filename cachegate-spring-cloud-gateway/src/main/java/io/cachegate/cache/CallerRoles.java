package io.cachegate.cache;

import org.springframework.web.server.ServerWebExchange;

/**
 * The caller's role for a request, the part of a cache key that says whom an answer was
 * made for. The application provides it from its authentication; the cache knows nothing
 * of tokens.
 */
@FunctionalInterface
public interface CallerRoles {

	/** Nobody is authenticated: every answer is keyed without a role. */
	CallerRoles NONE = exchange -> null;

	/** The role of the caller of this exchange, or null when there is none. */
	String roleOf(ServerWebExchange exchange);

}
