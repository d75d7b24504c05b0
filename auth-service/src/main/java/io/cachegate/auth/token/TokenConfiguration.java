package io.cachegate.auth.token;

import java.time.Clock;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.cachegate.auth.account.AccountAuthenticator;
import io.cachegate.auth.keys.SigningKeys;

/**
 * Wires the login path: issuer, limiter and its Redis scripts (loaded once; Spring sends them by SHA).
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	TokenIssuer tokenIssuer(SigningKeys keys, TokenProperties properties, Clock clock) {
		return new TokenIssuer(keys, properties, clock);
	}

	@Bean
	LoginRateLimiter loginRateLimiter(ReactiveStringRedisTemplate redis, LoginProperties properties) {
		return new LoginRateLimiter(redis, script("scripts/login-failures-read.lua"),
				script("scripts/login-failures-record.lua"), properties);
	}

	@Bean
	TokenService tokenService(AccountAuthenticator authenticator, LoginRateLimiter limiter, TokenIssuer issuer,
			MeterRegistry meters) {
		return new TokenService(authenticator, limiter, issuer, meters);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static RedisScript<List<Long>> script(String path) {
		return (RedisScript) RedisScript.of(new ClassPathResource(path), List.class);
	}

}
