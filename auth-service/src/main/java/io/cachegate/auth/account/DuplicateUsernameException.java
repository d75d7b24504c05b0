package io.cachegate.auth.account;

import org.springframework.http.HttpStatus;

import io.cachegate.auth.error.ProblemException;

/** The username is taken (compared without case): 409. */
class DuplicateUsernameException extends ProblemException {

	DuplicateUsernameException(String username) {
		super(HttpStatus.CONFLICT, "duplicate-username", "Username taken",
				"An account named '" + username + "' already exists (usernames ignore case); choose another.");
	}

}
