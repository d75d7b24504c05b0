package io.cachegate.auth.account;

import reactor.core.scheduler.Schedulers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AccountConfiguration {

	@Bean
	PasswordHasher passwordHasher(AccountProperties properties) {
		return new PasswordHasher(properties.bcryptStrength(), Schedulers.boundedElastic());
	}

}
