package io.cachegate.auth.account;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/** The username is taken (compared without case): 409. */
class DuplicateUsernameException extends ProblemException {

	DuplicateUsernameException(String username) {
		super(ProblemType.DUPLICATE_USERNAME,
				"An account named '" + username + "' already exists (usernames ignore case); choose another.");
	}

}
