package io.cachegate.gateway.ratelimit;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The per-caller request rate limit ({@code cachegate.rate-limit.*}): a token bucket per
 * caller and route in Redis (Spring Cloud Gateway's {@code RedisRateLimiter}), applied to
 * every request that reaches a service (cache misses, writes, logins, routes without a
 * cache); cache hits are answered before it and cost no tokens.
 *
 * @param enabled whether requests are limited at all
 * ({@code CACHEGATE_RATE_LIMIT_ENABLED})
 * @param replenishRate tokens a caller gets back per second on each route
 * ({@code CACHEGATE_RATE_LIMIT_REPLENISH_RATE})
 * @param burstCapacity the most tokens a caller can hold on a route: how many requests
 * may come at once after a quiet spell ({@code CACHEGATE_RATE_LIMIT_BURST_CAPACITY})
 * @param requestedTokens what one request costs
 * ({@code CACHEGATE_RATE_LIMIT_REQUESTED_TOKENS}); more than one allows rates below one
 * request per second
 */
@Validated
@ConfigurationProperties("cachegate.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50") @Min(1) int replenishRate,
		@DefaultValue("100") @Min(1) long burstCapacity, @DefaultValue("1") @Min(1) int requestedTokens) {

	public RateLimitProperties {
		if (requestedTokens > burstCapacity) {
			throw new IllegalArgumentException(
					"cachegate.rate-limit.requested-tokens must not exceed burst-capacity, or every request is refused");
		}
	}

	/**
	 * Seconds until a refused caller has the tokens of one request again (at least 1).
	 */
	long retryAfterSeconds() {
		return Math.max(1, (requestedTokens + replenishRate - 1) / replenishRate);
	}

}
