package io.cachegate.users.importing;

import java.util.Map;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/** No import has this id (404). */
class ImportNotFoundException extends ProblemException {

	ImportNotFoundException(String id) {
		super(ProblemType.NOT_FOUND, "No import has id " + id + "; GET /imports lists recent ones",
				Map.of("importId", id));
	}

}
