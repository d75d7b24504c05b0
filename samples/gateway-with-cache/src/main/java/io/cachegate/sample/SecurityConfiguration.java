package io.cachegate.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * The application's own security, which the cache works behind: the catalog is public,
 * the account needs a signed-in user, the cache admin API an administrator. HTTP Basic
 * with two users in memory keeps the sample short; a resource server (JWT) works the same
 * way.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain security(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.authorizeExchange(exchanges -> exchanges.pathMatchers("/catalog/**")
				.permitAll()
				.pathMatchers("/admin/cache/**")
				.hasRole("ADMIN")
				.anyExchange()
				.authenticated())
			.httpBasic(basic -> {
			})
			.build();
	}

	@Bean
	MapReactiveUserDetailsService users() {
		// {noop}: plain text for the sample only; a real application stores hashes.
		UserDetails alice = User.withUsername("alice").password("{noop}alice-secret").roles("USER").build();
		UserDetails admin = User.withUsername("admin").password("{noop}admin-secret").roles("ADMIN").build();
		return new MapReactiveUserDetailsService(alice, admin);
	}

}
