package io.cachegate.gateway.ratelimit;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachegate.cache.redis.RedisGuard;
import io.cachegate.cache.web.RequestEventLoops;

/**
 * The rate limiter: Spring Cloud Gateway's {@link RedisRateLimiter} with one default for
 * every route (it finds its Redis template and script in the context), the caller key and
 * the global filter.
 *
 * <p>
 * Redis keys (Spring Cloud Gateway's):
 * {@code request_rate_limiter.{<route>.<caller>}.tokens} and {@code .timestamp}, strings
 * with a TTL of twice the time the bucket takes to fill; {@code <caller>} is
 * {@code sub:<subject>} or {@code addr:<address>}.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration {

	@Bean
	RedisRateLimiter redisRateLimiter(RateLimitProperties properties) {
		RedisRateLimiter limiter = new RedisRateLimiter(properties.replenishRate(), properties.burstCapacity(),
				properties.requestedTokens());
		limiter.setIncludeHeaders(true);
		return limiter;
	}

	@Bean
	CallerKeyResolver callerKeyResolver() {
		return new CallerKeyResolver();
	}

	@Bean
	RateLimitGlobalFilter rateLimitGlobalFilter(RedisRateLimiter redisRateLimiter, CallerKeyResolver callerKeyResolver,
			RedisGuard guard, RateLimitProperties properties) {
		return new RateLimitGlobalFilter(redisRateLimiter, callerKeyResolver, guard, new RequestEventLoops(),
				properties);
	}

}
