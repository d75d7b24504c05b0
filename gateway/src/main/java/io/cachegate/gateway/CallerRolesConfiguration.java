package io.cachegate.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachegate.cache.CacheAdminAccess.CacheAdministrator;
import io.cachegate.cache.CacheAdminAccess;
import io.cachegate.cache.CallerRoles;
import io.cachegate.cache.FastPathCallers;
import io.cachegate.gateway.auth.KnownCallers;
import io.cachegate.gateway.auth.VerifiedToken;
import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * Tells the cache whom an answer was made for (the role of the token the gateway's
 * authentication verified) and who may use its admin API (the ADMIN role). Kept out of
 * both features, so that neither the cache nor the authentication depends on the other.
 */
@Configuration(proxyBeanMethods = false)
class CallerRolesConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(CallerRolesConfiguration.class);

	private static final String ADMIN = "ADMIN";

	@Bean
	CallerRoles callerRoles() {
		return exchange -> VerifiedToken.of(exchange).map(VerifiedToken::role).orElse(null);
	}

	/**
	 * The same for the cache's fast path, from the tokens this instance has already
	 * verified ({@link KnownCallers}).
	 */
	@Bean
	FastPathCallers fastPathCallers(KnownCallers callers) {
		return (method, rawPath, authorization) -> {
			VerifiedToken caller = callers.of(method, rawPath, authorization);
			return caller != null ? caller.role() : null;
		};
	}

	/**
	 * The cache admin API is for the ADMIN role. 401 never gets here (the authentication
	 * filter answers it first); a token of another role gets 403.
	 */
	@Bean
	CacheAdminAccess cacheAdminAccess() {
		return exchange -> {
			VerifiedToken token = VerifiedToken.of(exchange).orElse(null);
			if (token == null) {
				return Mono.error(new ProblemException(ProblemType.UNAUTHORIZED,
						"The cache admin API needs an ADMIN's Bearer token."));
			}
			if (!ADMIN.equals(token.role())) {
				logger.warn("Cache admin refused to {} (sub {}, role {}): {} {}", token.username(), token.subject(),
						token.role(), exchange.getRequest().getMethod(), exchange.getRequest().getPath());
				return Mono.error(new ProblemException(ProblemType.FORBIDDEN,
						"The cache admin API is for the ADMIN role; this token has role " + token.role() + "."));
			}
			return Mono.just(new CacheAdministrator(token.username(), token.subject()));
		};
	}

}
