package io.cachegate.users.security;

import java.time.Clock;
import java.util.List;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.function.client.WebClient;

import io.cachegate.support.problem.ProblemWriter;

/**
 * Who may do what. Every request to {@code /users/**} carries a JWT from auth-service,
 * verified here against its JWKS; the {@code role} claim decides: USER reads, MANAGER
 * also creates and updates, ADMIN also deletes. Actuator health, info and metrics stay
 * open for probes and scrapers. Stateless: no session, no CSRF (no cookies).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	static final String USER = "USER";

	static final String MANAGER = "MANAGER";

	static final String ADMIN = "ADMIN";

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder jwtDecoder,
			ProblemWriter problems) {
		ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(problems);
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges
				.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus")
				.permitAll()
				// Bulk import: uploading and following imports is the importers'
				// business.
				.pathMatchers("/users/import", "/imports", "/imports/**")
				.hasAnyRole(MANAGER, ADMIN)
				.pathMatchers(HttpMethod.GET, "/users", "/users/**")
				.hasAnyRole(USER, MANAGER, ADMIN)
				.pathMatchers(HttpMethod.HEAD, "/users", "/users/**")
				.hasAnyRole(USER, MANAGER, ADMIN)
				.pathMatchers(HttpMethod.DELETE, "/users/**")
				.hasRole(ADMIN)
				.pathMatchers(HttpMethod.POST, "/users", "/users/**")
				.hasAnyRole(MANAGER, ADMIN)
				.pathMatchers(HttpMethod.PUT, "/users", "/users/**")
				.hasAnyRole(MANAGER, ADMIN)
				// Anything else (other methods, unknown paths) needs a valid token with a
				// known role, then the
				// web layer answers 405 or 404 as usual.
				.anyExchange()
				.hasAnyRole(USER, MANAGER, ADMIN))
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtDecoder(jwtDecoder).jwtAuthenticationConverter(authenticationConverter()))
				.authenticationEntryPoint(handlers)
				.accessDeniedHandler(handlers))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
			.build();
	}

	/**
	 * The verifier: RS256 only (so {@code alg: none}, HMAC and every other algorithm are
	 * refused), keys from the JWKS URL with a bounded fetch, then expiry (with a small
	 * skew), issuer and audience.
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(JwtProperties properties, Clock clock) {
		HttpClient httpClient = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.jwksTimeout().toMillis())
			.responseTimeout(properties.jwksTimeout());
		WebClient webClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(httpClient)).build();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUrl().toString())
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.webClient(webClient)
			.build();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
		timestamps.setClock(clock);
		// A token without exp would live for ever: refuse it.
		timestamps.setAllowEmptyExpiryClaim(false);
		List<OAuth2TokenValidator<Jwt>> validators = List.of(timestamps, new JwtIssuerValidator(properties.issuer()),
				new JwtAudienceValidator(properties.audience()));
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
		// When the key set cannot be fetched (auth-service down, timeout) Nimbus fails
		// with a plain exception, which
		// would surface as 500. As a JwtException that is not a BadJwtException, Spring
		// Security reports it as an
		// AuthenticationServiceException, which we answer 503: the token may be fine,
		// retry later.
		return (token) -> decoder.decode(token)
			.onErrorMap((ex) -> !(ex instanceof JwtException),
					(ex) -> new JwtException("Could not verify the token: auth-service's key set is unavailable", ex));
	}

	/**
	 * The {@code role} claim (one of USER, MANAGER, ADMIN) becomes the authority
	 * {@code ROLE_<role>}; the principal name is {@code sub}, the account id.
	 */
	private static ReactiveJwtAuthenticationConverterAdapter authenticationConverter() {
		JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
		authorities.setAuthoritiesClaimName("role");
		authorities.setAuthorityPrefix("ROLE_");
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(authorities);
		return new ReactiveJwtAuthenticationConverterAdapter(converter);
	}

}
