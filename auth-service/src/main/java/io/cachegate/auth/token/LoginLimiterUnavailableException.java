package io.cachegate.auth.token;

import org.springframework.http.HttpHeaders;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * Redis answered but refused to count a login attempt (full, read-only): no password is
 * checked, 503 with {@code Retry-After}, since an attempt nobody counts is an unlimited
 * guess.
 */
class LoginLimiterUnavailableException extends ProblemException {

	private static final long RETRY_AFTER_SECONDS = 30;

	LoginLimiterUnavailableException() {
		super(ProblemType.LOGIN_UNAVAILABLE,
				"Logins are paused because attempts cannot be counted right now; try again in " + RETRY_AFTER_SECONDS
						+ " seconds.");
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
		return headers;
	}

}
