package io.cachegate.users.user;

import java.util.Map;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * {@code If-Match} did not name the user's current version (412
 * {@code precondition-failed}, with {@code id} and {@code currentVersion}): someone
 * changed the user since the client read it.
 */
class VersionMismatchException extends ProblemException {

	VersionMismatchException(long id, long currentVersion) {
		super(ProblemType.PRECONDITION_FAILED,
				"User " + id + " has changed since you read it (If-Match does not "
						+ "name the current version); read it again and retry",
				Map.of("id", id, "currentVersion", currentVersion));
	}

}
