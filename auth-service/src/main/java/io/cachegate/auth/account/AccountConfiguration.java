package io.cachegate.auth.account;

import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.context.annotation.Configuration;

/**
 * Password hashing: BCrypt, run on the bounded elastic scheduler so its CPU time never
 * holds an event loop.
 */
@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

	@Bean
	PasswordHasher passwordHasher(AccountProperties properties) {
		return new PasswordHasher(new BCryptPasswordEncoder(properties.bcryptStrength()), Schedulers.boundedElastic());
	}

}
