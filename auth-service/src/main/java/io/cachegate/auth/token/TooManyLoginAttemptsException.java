package io.cachegate.auth.token;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpHeaders;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * Too many failed logins for this username or client address: 429 with
 * {@code Retry-After}.
 */
class TooManyLoginAttemptsException extends ProblemException {

	private final long retryAfterSeconds;

	TooManyLoginAttemptsException(Duration retryAfter) {
		super(ProblemType.TOO_MANY_LOGIN_ATTEMPTS, "Too many failed logins for this account or address; try again in "
				+ seconds(retryAfter) + " seconds.");
		this.retryAfterSeconds = seconds(retryAfter);
	}

	long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		return headers;
	}

	@Override
	protected Map<String, Object> properties() {
		return Map.of("retryAfter", this.retryAfterSeconds);
	}

	/**
	 * Whole seconds, rounded up, at least one: a client that waits that long is let
	 * through.
	 */
	static long seconds(Duration duration) {
		long millis = Math.max(duration.toMillis(), 1);
		return (millis + 999) / 1000;
	}

}
