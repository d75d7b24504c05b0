package io.cachegate.support.problem;

import java.util.Objects;

/**
 * One invalid field or parameter, as listed in an {@code invalid-request} problem's
 * {@code errors} member.
 *
 * @param field the JSON member, query parameter or header name
 * @param message what is wrong with it, in words a client developer can act on
 */
public record FieldViolation(String field, String message) {

	public FieldViolation {
		Objects.requireNonNull(field, "field");
		Objects.requireNonNull(message, "message");
	}

}
