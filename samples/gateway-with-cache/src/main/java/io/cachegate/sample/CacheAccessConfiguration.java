package io.cachegate.sample;

import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.cachegate.cache.CacheAdminAccess.CacheAdministrator;
import io.cachegate.cache.CacheAdminAccess;
import io.cachegate.cache.CallerRoles;
import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * What the cache needs to know from the application's security: whom an answer was made
 * for (the caller's roles, part of every cache key, so a USER never gets an answer made
 * for an ADMIN) and who may use the cache admin API.
 */
@Configuration(proxyBeanMethods = false)
class CacheAccessConfiguration {

	/** The exchange attribute holding the caller's roles, set after Spring Security. */
	static final String ROLES = CacheAccessConfiguration.class.getName() + ".roles";

	/**
	 * Copies the authenticated caller's roles onto the exchange, where the cache filter
	 * reads them synchronously. Runs after Spring Security's filter chain (order -100).
	 */
	@Bean
	WebFilter callerRolesOnExchange() {
		return new OrderedWebFilter((exchange, chain) -> ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.filter(Authentication::isAuthenticated)
			.doOnNext(authentication -> exchange.getAttributes().put(ROLES, roles(authentication)))
			.then(chain.filter(exchange)), Ordered.LOWEST_PRECEDENCE);
	}

	/**
	 * Keys by role: callers with the same roles share entries; anonymous ones share
	 * theirs.
	 */
	@Bean
	CallerRoles callerRoles() {
		return exchange -> exchange.getAttribute(ROLES);
	}

	/**
	 * Spring Security already let only administrators through to {@code /admin/cache/**};
	 * the cache logs each action with their name.
	 */
	@Bean
	CacheAdminAccess cacheAdminAccess() {
		return exchange -> ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.map(authentication -> new CacheAdministrator(authentication.getName(), authentication.getName()))
			.switchIfEmpty(Mono.error(() -> new ProblemException(ProblemType.UNAUTHORIZED,
					"The cache admin API needs an administrator's credentials.")));
	}

	private static String roles(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.sorted()
			.collect(Collectors.joining(","));
	}

	private record OrderedWebFilter(WebFilter filter, int order) implements WebFilter, Ordered {

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			return filter.filter(exchange, chain);
		}

		@Override
		public int getOrder() {
			return order;
		}

	}

}
