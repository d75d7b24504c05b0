package io.cachegate.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachegate.gateway.auth.KnownCallers;
import io.cachegate.gateway.auth.VerifiedToken;
import io.cachegate.gateway.cache.hit.FastPathCallers;
import io.cachegate.gateway.cache.filter.CallerRoles;

/**
 * Tells the cache whom an answer was made for: the role of the token the gateway's
 * authentication verified. Kept out of both features, so that neither the cache nor the
 * authentication depends on the other.
 */
@Configuration(proxyBeanMethods = false)
class CallerRolesConfiguration {

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

}
