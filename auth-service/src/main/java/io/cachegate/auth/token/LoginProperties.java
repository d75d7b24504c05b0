package io.cachegate.auth.token;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The brake on password guessing at {@code POST /auth/token}.
 *
 * @param maxFailures failed logins allowed per username within the window; more are refused with 429
 * ({@code CACHEGATE_LOGIN_MAX_FAILURES})
 * @param maxFailuresPerAddress failed logins allowed per client address within the window
 * ({@code CACHEGATE_LOGIN_MAX_FAILURES_PER_ADDRESS})
 * @param window how long failures are remembered, counted from the first one ({@code CACHEGATE_LOGIN_WINDOW})
 * @param redisTimeout the longest one Redis call of the limiter may take before it is skipped
 * ({@code CACHEGATE_LOGIN_REDIS_TIMEOUT})
 * @param trustForwarded take the client address from {@code X-Forwarded-For} (its last entry, the one the
 * nearest proxy added); only behind a proxy that sets it, such as the gateway
 * ({@code CACHEGATE_TRUST_FORWARDED})
 */
@Validated
@ConfigurationProperties("cachegate.login")
public record LoginProperties(@DefaultValue("5") @Min(1) int maxFailures,
		@DefaultValue("20") @Min(1) int maxFailuresPerAddress, @DefaultValue("5m") Duration window,
		@DefaultValue("500ms") Duration redisTimeout, @DefaultValue("false") boolean trustForwarded) {

	public LoginProperties {
		if (window.toMillis() < 1000) {
			throw new IllegalArgumentException("cachegate.login.window must be at least 1s");
		}
		if (redisTimeout.isNegative() || redisTimeout.isZero()) {
			throw new IllegalArgumentException("cachegate.login.redis-timeout must be positive");
		}
	}

}
