package io.cachegate.users.user;

import java.util.Map;

import io.cachegate.users.error.ApiException;
import io.cachegate.users.error.ProblemType;

/**
 * The failures of the users feature, each with its context in the problem body.
 */
final class UserExceptions {

	private UserExceptions() {
	}

	static ApiException notFound(long id) {
		return new ApiException(ProblemType.NOT_FOUND, "No user with id " + id, Map.of("id", id));
	}

	static ApiException duplicate(String field) {
		return new ApiException(ProblemType.DUPLICATE,
				"Another user already has this " + field + " (compared ignoring case); choose another",
				Map.of("field", field));
	}

	static ApiException versionMismatch(long id, long currentVersion) {
		return new ApiException(ProblemType.PRECONDITION_FAILED,
				"User " + id + " has changed since you read it (If-Match does not name the current version); "
						+ "read it again and retry",
				Map.of("id", id, "currentVersion", currentVersion));
	}

}
