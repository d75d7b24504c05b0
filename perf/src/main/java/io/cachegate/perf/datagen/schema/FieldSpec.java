package io.cachegate.perf.datagen.schema;

import java.util.List;

/**
 * One field of an entity as the schema declares it.
 *
 * @param name field name, used in CSV headers and JSON documents
 * @param generator generator name ({@code sequence}, {@code int}, {@code dictionary}...)
 * @param column database column for the PostgreSQL target (snake_case of the name unless
 * given)
 * @param nullShare share of rows where the field is null
 * @param emit whether the field is written out (helper fields used by others are not)
 * @param http whether the field is sent to the HTTP API (ids the server assigns are not)
 * @param rules conditional rules, first match wins
 * @param params the field's table: generator parameters and error locations
 */
public record FieldSpec(String name, String generator, String column, double nullShare, boolean emit, boolean http,
		List<RuleSpec> rules, Params params) {

	public FieldSpec {
		rules = List.copyOf(rules);
	}

}
