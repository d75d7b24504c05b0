package io.cachegate.auth.token;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the issued tokens say, and how strictly this service checks its own tokens.
 *
 * @param issuer the {@code iss} claim ({@code CACHEGATE_JWT_ISSUER})
 * @param audience the {@code aud} claim ({@code CACHEGATE_JWT_AUDIENCE})
 * @param ttl how long a token lives, {@code exp - iat} ({@code CACHEGATE_JWT_TTL})
 * @param clockSkew tolerance when checking {@code exp} of presented tokens
 * ({@code CACHEGATE_JWT_CLOCK_SKEW})
 */
@Validated
@ConfigurationProperties("cachegate.jwt")
public record TokenProperties(@DefaultValue("cachegate-auth") @NotBlank String issuer,
		@DefaultValue("cachegate") @NotBlank String audience, @DefaultValue("15m") Duration ttl,
		@DefaultValue("30s") Duration clockSkew) {

	public TokenProperties {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("cachegate.jwt.ttl must be positive");
		}
		if (clockSkew.isNegative()) {
			throw new IllegalArgumentException("cachegate.jwt.clock-skew must not be negative");
		}
	}

}
