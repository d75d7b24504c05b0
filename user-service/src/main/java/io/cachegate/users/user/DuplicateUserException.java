package io.cachegate.users.user;

import java.util.Map;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * Another user already has this username or email, compared ignoring case (409
 * {@code duplicate}, with {@code field}). Raised from the unique index violation, never
 * from a check before the write.
 */
class DuplicateUserException extends ProblemException {

	private final String field;

	DuplicateUserException(String field) {
		super(ProblemType.DUPLICATE,
				"Another user already has this " + field + " (compared ignoring case); choose " + "another",
				Map.of("field", field));
		this.field = field;
	}

	/**
	 * The field whose value is taken.
	 * @return {@code username} or {@code email}
	 */
	String field() {
		return this.field;
	}

}
