package io.cachegate.cache;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Decides who may use the cache admin API ({@code /admin/cache/**}). The application
 * provides it, from its own authentication: the library registers the admin routes only
 * when a bean of this type exists, so an application that says nothing exposes nothing.
 *
 * <p>
 * Answer the administrator making the request, or an error:
 * {@link io.cachegate.support.problem.ProblemException} with
 * {@link io.cachegate.support.problem.ProblemType#UNAUTHORIZED} when the request carries
 * no credentials, {@link io.cachegate.support.problem.ProblemType#FORBIDDEN} when they
 * are not an administrator's. Every admin action is logged with the name and subject
 * returned.
 */
@FunctionalInterface
public interface CacheAdminAccess {

	/**
	 * @param exchange the admin request, after the application's own web filters
	 * @return the administrator, or an error as above
	 */
	Mono<CacheAdministrator> administrator(ServerWebExchange exchange);

	/**
	 * Who performed an admin action, as logged.
	 *
	 * @param name a display name (a username)
	 * @param subject a stable identifier (a token's {@code sub}), or the name again
	 */
	record CacheAdministrator(String name, String subject) {
	}

}
