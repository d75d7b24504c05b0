package io.cachegate.auth.error;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;

/**
 * A request whose fields break the rules: 400 with one entry per invalid field in
 * {@code errors}.
 */
public class InvalidRequestException extends ProblemException {

	private final List<FieldProblem> errors;

	public InvalidRequestException(List<FieldProblem> errors) {
		super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", describe(errors));
		this.errors = List.copyOf(errors);
	}

	/** The invalid fields, in a stable order. */
	public List<FieldProblem> errors() {
		return this.errors;
	}

	@Override
	protected Map<String, Object> properties() {
		return Map.of("errors", this.errors);
	}

	private static String describe(List<FieldProblem> errors) {
		String fields = errors.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", "));
		return "Invalid fields: " + fields + ". Fix them and send the request again.";
	}

	/**
	 * One invalid field.
	 *
	 * @param field the JSON member name
	 * @param message what is wrong with it
	 */
	public record FieldProblem(String field, String message) {
	}

}
