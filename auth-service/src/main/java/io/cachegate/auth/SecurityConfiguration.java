package io.cachegate.auth;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import io.cachegate.auth.error.ProblemAccessDeniedHandler;
import io.cachegate.auth.error.ProblemAuthenticationEntryPoint;
import io.cachegate.support.problem.ProblemWriter;

/**
 * Who may call what. Stateless: no session, no CSRF (no cookies are used), no form or
 * Basic login (the token endpoint checks Basic credentials itself, with its rate limit).
 * {@code /auth/accounts/**} needs one of this service's tokens; creating and reading
 * other accounts needs ADMIN.
 *
 * <p>
 * Other paths are open: they are the token endpoint, the JWKS and the actuator, all
 * public by design; an unknown path then answers 404 rather than a misleading 401.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String[] ACCOUNTS = { "/auth/accounts", "/auth/accounts/**" };

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder,
			Converter<Jwt, Mono<AbstractAuthenticationToken>> jwtAuthenticationConverter, ProblemWriter problems) {
		ProblemAuthenticationEntryPoint entryPoint = new ProblemAuthenticationEntryPoint(problems);
		ProblemAccessDeniedHandler accessDenied = new ProblemAccessDeniedHandler(problems);
		// Bearer tokens are read only where they are needed: a stale token sent along to
		// the token endpoint or
		// the JWKS must not turn a public call into a 401.
		ServerWebExchangeMatcher accounts = ServerWebExchangeMatchers.pathMatchers(ACCOUNTS);
		ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
		ServerAuthenticationConverter accountsBearer = (exchange) -> accounts.matches(exchange)
			.filter(ServerWebExchangeMatcher.MatchResult::isMatch)
			.flatMap((match) -> bearer.convert(exchange));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.pathMatchers("/auth/accounts/me")
				.authenticated()
				.pathMatchers(ACCOUNTS)
				.hasRole("ADMIN")
				.anyExchange()
				.permitAll())
			.oauth2ResourceServer((resourceServer) -> resourceServer.bearerTokenConverter(accountsBearer)
				.jwt((jwt) -> jwt.jwtDecoder(jwtDecoder).jwtAuthenticationConverter(jwtAuthenticationConverter))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
			.build();
	}

}
