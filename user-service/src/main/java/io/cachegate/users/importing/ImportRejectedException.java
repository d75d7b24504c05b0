package io.cachegate.users.importing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * An upload refused as a whole (400): not a text file, empty, or a header that does not
 * name the user fields; or too large (413). Nothing of a refused upload is kept or
 * inserted.
 */
class ImportRejectedException extends ProblemException {

	private ImportRejectedException(ProblemType type, String detail, Map<String, ?> properties) {
		super(type, detail, properties);
	}

	/**
	 * The file is not something we can read as records (binary, broken encoding, empty,
	 * unterminated).
	 */
	static ImportRejectedException malformed(String detail) {
		return new ImportRejectedException(ProblemType.MALFORMED_REQUEST, detail, Map.of());
	}

	/** The file is larger than an upload may be (413). */
	static ImportRejectedException tooLarge(long maxBytes) {
		return new ImportRejectedException(
				ProblemType.PAYLOAD_TOO_LARGE, "The file is larger than " + maxBytes
						+ " bytes, the most one upload may send; split it into several " + "imports",
				Map.of("maxBytes", maxBytes));
	}

	/** The file could not be read at a given line. */
	static ImportRejectedException malformed(String detail, long line) {
		return new ImportRejectedException(ProblemType.MALFORMED_REQUEST, detail + " (line " + line + ")",
				Map.of("line", line));
	}

	/**
	 * The header row names columns we do not know, misses required ones or repeats one.
	 * @param unknown columns that are not user fields
	 * @param missing required fields with no column
	 * @param repeated columns named twice
	 * @param accepted the column names accepted, for the message
	 * @return the exception
	 */
	static ImportRejectedException header(List<String> unknown, List<String> missing, List<String> repeated,
			List<String> accepted) {
		List<FieldViolation> errors = new ArrayList<>();
		unknown.forEach((column) -> errors.add(new FieldViolation(column, "is not a user field")));
		missing.forEach((column) -> errors.add(new FieldViolation(column, "is a required column")));
		repeated.forEach((column) -> errors.add(new FieldViolation(column, "appears more than once")));
		StringBuilder detail = new StringBuilder("The header row must name the user fields");
		if (!unknown.isEmpty()) {
			detail.append("; unknown: ").append(String.join(", ", unknown));
		}
		if (!missing.isEmpty()) {
			detail.append("; missing: ").append(String.join(", ", missing));
		}
		if (!repeated.isEmpty()) {
			detail.append("; repeated: ").append(String.join(", ", repeated));
		}
		detail.append(" (accepted: ").append(String.join(", ", accepted)).append(")");
		return new ImportRejectedException(ProblemType.INVALID_REQUEST, detail.toString(),
				Map.of("errors", errors, "unknownColumns", unknown, "missingColumns", missing));
	}

}
