package io.cachegate.auth.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * Wires the login path: issuer, limiter and its Redis scripts (loaded once; Spring sends
 * them by SHA).
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
		return new LoginRateLimiter(redis, script("scripts/login-attempts-count.lua"),
				RedisScript.of(text("scripts/login-attempts-refund.lua"), Long.class), properties);
	}

	/**
	 * Named so that WebFlux applies it to every request before the filters: the client
	 * address of the whole service (the login limiter, the access log) is the one a
	 * trusted proxy reported.
	 */
	@Bean
	TrustedProxyForwardedHeaderTransformer forwardedHeaderTransformer(LoginProperties properties) {
		return new TrustedProxyForwardedHeaderTransformer(properties.trustedProxies());
	}

	@Bean
	TokenService tokenService(AccountAuthenticator authenticator, LoginRateLimiter limiter, TokenIssuer issuer,
			MeterRegistry meters) {
		return new TokenService(authenticator, limiter, issuer, meters);
	}

	/**
	 * The script's text is read once: a script made from the resource itself re-reads the
	 * resource's modification time on every call, which inside a jar throws and catches
	 * an exception each time.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static RedisScript<List<Long>> script(String path) {
		return (RedisScript) RedisScript.of(text(path), List.class);
	}

	static String text(String path) {
		try {
			return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Lua script " + path, ex);
		}
	}

}
