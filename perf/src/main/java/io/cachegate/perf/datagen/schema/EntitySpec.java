package io.cachegate.perf.datagen.schema;

import java.util.List;

/**
 * One entity (a record type, a table) as the schema declares it.
 *
 * @param name entity name
 * @param rows how many rows exist when another entity refers to this one, or -1 when not
 * given
 * @param key the field that identifies a row (for references and key files)
 * @param table the PostgreSQL table the postgres target loads
 * @param fields fields in output order
 * @param params the entity's table, for error locations
 */
public record EntitySpec(String name, long rows, String key, String table, List<FieldSpec> fields, Params params) {

	public EntitySpec {
		fields = List.copyOf(fields);
	}

	/** The field with this name, or null. */
	public FieldSpec field(String fieldName) {
		return this.fields.stream().filter((field) -> field.name().equals(fieldName)).findFirst().orElse(null);
	}

}
