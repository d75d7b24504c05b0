package io.cachegate.users.user;

import java.util.Map;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * No user has the id asked for (404 {@code not-found}, with {@code id}).
 */
class UserNotFoundException extends ProblemException {

	UserNotFoundException(long id) {
		super(ProblemType.NOT_FOUND, "No user with id " + id, Map.of("id", id));
	}

}
