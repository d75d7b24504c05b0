package io.cachegate.users.error;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Input that breaks one or more rules: answered as 400 {@code invalid-input} whose
 * {@code errors} member names every invalid field, so a client can fix them all at once.
 */
public class InvalidInputException extends ApiException {

	private final List<FieldViolation> violations;

	/**
	 * A new exception.
	 * @param violations every invalid field (at least one)
	 */
	public InvalidInputException(List<FieldViolation> violations) {
		super(ProblemType.INVALID_INPUT, describe(violations), Map.of("errors", List.copyOf(violations)));
		this.violations = List.copyOf(violations);
	}

	/**
	 * The invalid fields.
	 * @return the violations, in the order found
	 */
	public List<FieldViolation> violations() {
		return this.violations;
	}

	private static String describe(List<FieldViolation> violations) {
		if (violations.isEmpty()) {
			throw new IllegalArgumentException("an invalid input needs at least one violation");
		}
		return violations.stream()
			.map(FieldViolation::field)
			.distinct()
			.collect(Collectors.joining(", ", "Invalid field(s): ", ""));
	}

}
