package io.cachegate.auth.token;

import org.springframework.http.HttpHeaders;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * Wrong username, wrong password or disabled account: one answer for all, so it tells a
 * guesser nothing.
 */
class InvalidCredentialsException extends ProblemException {

	InvalidCredentialsException() {
		super(ProblemType.INVALID_CREDENTIALS, "The username or password is wrong, or the account is disabled.");
	}

	@Override
	public HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"cachegate\", charset=\"UTF-8\"");
		return headers;
	}

}
