package io.cachegate.auth.token;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

import io.cachegate.auth.error.ProblemException;

/**
 * Wrong username, wrong password or disabled account: one answer for all, so it tells a
 * guesser nothing.
 */
class InvalidCredentialsException extends ProblemException {

	InvalidCredentialsException() {
		super(HttpStatus.UNAUTHORIZED, "invalid-credentials", "Invalid credentials",
				"The username or password is wrong, or the account is disabled.");
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"cachegate\", charset=\"UTF-8\"");
		return headers;
	}

}
