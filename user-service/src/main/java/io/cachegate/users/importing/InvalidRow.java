package io.cachegate.users.importing;

import java.util.List;

import io.cachegate.support.problem.FieldViolation;

/**
 * An example of a row that was not imported.
 *
 * @param row the file line the row starts on
 * @param reason the reason it is counted under ({@code field: message} of its first
 * violation)
 * @param errors every violation of the row
 */
record InvalidRow(long row, String reason, List<FieldViolation> errors) {

	InvalidRow {
		errors = List.copyOf(errors);
	}

}
