package io.cachegate.support.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request whose fields or parameters break the rules: 400 {@code invalid-request} whose
 * {@code errors} member names every invalid field, so a client can fix them all at once.
 */
public class InvalidRequestException extends ProblemException {

	private final List<FieldViolation> violations;

	/**
	 * A new exception.
	 * @param violations every invalid field (at least one), in a stable order
	 */
	public InvalidRequestException(List<FieldViolation> violations) {
		this(violations, Map.of());
	}

	/**
	 * A new exception with members beside {@code errors}.
	 * @param violations every invalid field (at least one), in a stable order
	 * @param detail what was wrong and what to do
	 * @param properties further members of the body
	 */
	public InvalidRequestException(List<FieldViolation> violations, String detail, Map<String, ?> properties) {
		super(ProblemType.INVALID_REQUEST, detail, withErrors(violations, properties));
		this.violations = List.copyOf(violations);
	}

	private InvalidRequestException(List<FieldViolation> violations, Map<String, ?> properties) {
		this(violations, describe(violations), properties);
	}

	/** The invalid fields, in the order given. */
	public List<FieldViolation> violations() {
		return this.violations;
	}

	private static Map<String, Object> withErrors(List<FieldViolation> violations, Map<String, ?> properties) {
		if (violations.isEmpty()) {
			throw new IllegalArgumentException("an invalid request needs at least one violation");
		}
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("errors", List.copyOf(violations));
		all.putAll(properties);
		return all;
	}

	private static String describe(List<FieldViolation> violations) {
		String fields = violations.stream().map(FieldViolation::field).distinct().collect(Collectors.joining(", "));
		return "Invalid fields: " + fields + ". Fix them and send the request again.";
	}

}
