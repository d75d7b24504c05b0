package io.cachegate.auth.token;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The brake on password guessing at {@code POST /auth/token}.
 *
 * @param maxFailures failed logins allowed per username from one client address within
 * the window; more are refused with 429 ({@code CACHEGATE_LOGIN_MAX_FAILURES})
 * @param maxFailuresPerUsername failed logins allowed per username from all addresses
 * together within the window: a much higher ceiling, so that nobody can lock an account's
 * owner out with a handful of requests, while a guessing campaign spread over many
 * addresses is still bounded ({@code CACHEGATE_LOGIN_MAX_FAILURES_PER_USERNAME})
 * @param maxFailuresPerAddress failed logins allowed per client address within the window
 * ({@code CACHEGATE_LOGIN_MAX_FAILURES_PER_ADDRESS})
 * @param window how long failures are remembered, counted from the first one
 * ({@code CACHEGATE_LOGIN_WINDOW})
 * @param redisTimeout the longest one Redis call of the limiter may take before it is
 * skipped ({@code CACHEGATE_LOGIN_REDIS_TIMEOUT})
 * @param trustedProxies the peers whose {@code Forwarded} / {@code X-Forwarded-For} name
 * the client address counted here: IP addresses or CIDR ranges
 * ({@code CACHEGATE_TRUSTED_PROXIES}, comma separated; empty, the default, trusts nobody
 * and counts the peer). Put the gateway's address here, and nothing a client can reach
 * this service from directly.
 */
@Validated
@ConfigurationProperties("cachegate.login")
public record LoginProperties(@DefaultValue("5") @Min(1) int maxFailures,
		@DefaultValue("50") @Min(1) int maxFailuresPerUsername, @DefaultValue("20") @Min(1) int maxFailuresPerAddress,
		@DefaultValue("5m") Duration window, @DefaultValue("500ms") Duration redisTimeout, @DefaultValue( {
		}) List<String> trustedProxies){

	public LoginProperties {
		trustedProxies = (trustedProxies != null) ? List.copyOf(trustedProxies) : List.of();
		if (maxFailuresPerUsername < maxFailures) {
			throw new IllegalArgumentException(
					"cachegate.login.max-failures-per-username must be at least cachegate.login.max-failures");
		}
		if (window.toMillis() < 1000) {
			throw new IllegalArgumentException("cachegate.login.window must be at least 1s");
		}
		if (redisTimeout.isNegative() || redisTimeout.isZero()) {
			throw new IllegalArgumentException("cachegate.login.redis-timeout must be positive");
		}
	}

}
