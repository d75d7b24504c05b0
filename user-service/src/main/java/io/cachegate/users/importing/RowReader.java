package io.cachegate.users.importing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.users.user.UserInput;

/**
 * Turns one record of a part into the same {@link UserInput} the API reads, so that the
 * user rules judge an imported row exactly like a posted one. Problems of shape (wrong
 * number of fields, not a JSON object, unknown members) are reported here; everything
 * about the values is left to the rules.
 */
final class RowReader {

	private final ImportFormat format;

	private final ImportColumns columns;

	private final JsonMapper json;

	RowReader(ImportFormat format, ImportColumns columns, JsonMapper json) {
		this.format = format;
		this.columns = columns;
		this.json = json;
	}

	/**
	 * Reads a record.
	 * @param text the record
	 * @return the user as the file gives it
	 * @throws RowShapeException when the record does not have the shape of a user
	 */
	UserInput read(String text) {
		Map<String, String> values = (this.format == ImportFormat.CSV) ? csv(text) : ndjson(text);
		return new UserInput(values.get("username"), values.get("email"), values.get("firstName"),
				values.get("lastName"), values.get("birthDate"), values.get("taxId"), values.get("phone"),
				values.get("city"));
	}

	private Map<String, String> csv(String text) {
		List<String> fields = CsvFields.parse(text);
		if (fields.size() != this.columns.size()) {
			throw new RowShapeException(new FieldViolation("row",
					"has " + fields.size() + " fields; the header has " + this.columns.size()));
		}
		Map<String, String> values = new HashMap<>(16);
		for (int i = 0; i < fields.size(); i++) {
			String field = this.columns.fields().get(i);
			if (!field.isEmpty()) {
				values.put(field, fields.get(i));
			}
		}
		return values;
	}

	private Map<String, String> ndjson(String text) {
		JsonNode node;
		try {
			node = this.json.readTree(text);
		}
		catch (JacksonException ex) {
			throw new RowShapeException(new FieldViolation("row", "is not valid JSON"));
		}
		if (node == null || !node.isObject()) {
			throw new RowShapeException(new FieldViolation("row", "must be a JSON object"));
		}
		Map<String, String> values = new HashMap<>(16);
		for (Map.Entry<String, JsonNode> member : node.properties()) {
			String field = ImportColumns.field(member.getKey());
			if (field == null) {
				throw new RowShapeException(new FieldViolation(member.getKey(), "is not a user field"));
			}
			JsonNode value = member.getValue();
			if (field.isEmpty() || value.isNull()) {
				continue;
			}
			if (!value.isValueNode()) {
				throw new RowShapeException(new FieldViolation(field, "must be a string"));
			}
			values.put(field, value.asString());
		}
		return values;
	}

	/**
	 * A record that is not shaped like a user. Thrown per row, so without a stack trace.
	 */
	static final class RowShapeException extends RuntimeException {

		private final FieldViolation violation;

		RowShapeException(FieldViolation violation) {
			super(violation.field() + " " + violation.message(), null, false, false);
			this.violation = violation;
		}

		FieldViolation violation() {
			return this.violation;
		}

	}

}
