package io.cachegate.users.importing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;
import io.cachegate.users.user.UserData;
import io.cachegate.users.user.UserRules;

/**
 * Judges the rows of one part: shape first ({@link RowReader}), then the user rules the
 * API applies. Duplicates are not judged here: the unique indexes decide them when the
 * valid rows are inserted, which also covers rows of other parts and of other imports
 * running at the same time.
 */
final class PartValidator {

	private final UserRules rules;

	private final int examplesLimit;

	PartValidator(UserRules rules, int examplesLimit) {
		this.rules = rules;
		this.examplesLimit = examplesLimit;
	}

	/**
	 * Validates a part's rows.
	 * @param reader reads a record into a user
	 * @param lines the file line of each record
	 * @param records the records
	 * @return the valid rows, ready to insert, and what was wrong with the others
	 */
	ValidatedPart validate(RowReader reader, long[] lines, String[] records) {
		List<UserData> valid = new ArrayList<>(records.length);
		Map<String, Integer> byReason = new LinkedHashMap<>();
		List<InvalidRow> examples = new ArrayList<>();
		int invalid = 0;
		for (int i = 0; i < records.length; i++) {
			List<FieldViolation> violations;
			try {
				valid.add(this.rules.validate(reader.read(records[i])));
				continue;
			}
			catch (RowReader.RowShapeException ex) {
				violations = List.of(ex.violation());
			}
			catch (InvalidRequestException ex) {
				violations = ex.violations();
			}
			invalid++;
			FieldViolation first = violations.get(0);
			String reason = first.field() + ": " + first.message();
			byReason.merge(reason, 1, Integer::sum);
			if (examples.size() < this.examplesLimit) {
				examples.add(new InvalidRow(lines[i], reason, violations));
			}
		}
		return new ValidatedPart(records.length, valid, invalid, byReason, examples);
	}

	/**
	 * The outcome of validating one part.
	 *
	 * @param rows rows read
	 * @param valid the rows that passed, normalized
	 * @param invalid rows that did not pass
	 * @param invalidByReason invalid rows per reason (each row under its first violation)
	 * @param examples the first invalid rows, with every violation
	 */
	record ValidatedPart(int rows, List<UserData> valid, int invalid, Map<String, Integer> invalidByReason,
			List<InvalidRow> examples) {

	}

}
