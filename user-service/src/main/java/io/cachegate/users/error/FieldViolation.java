package io.cachegate.users.error;

import java.util.Objects;

/**
 * One invalid field or parameter, as listed in a problem's {@code errors} member.
 *
 * @param field the JSON field or query parameter name
 * @param message what is wrong with it, in words a client developer can act on
 */
public record FieldViolation(String field, String message) {

	public FieldViolation {
		Objects.requireNonNull(field, "field");
		Objects.requireNonNull(message, "message");
	}

}
