package io.cachegate.perf.datagen.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads a TOML schema file into a {@link Schema}: the {@code [run]} defaults and the
 * {@code [entities.NAME]} tables with their {@code fields}. Syntax errors keep the
 * parser's line; structural errors get the line of the offending key.
 */
public final class SchemaParser {

	private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private static final TomlMapper MAPPER = TomlMapper.builder().build();

	private SchemaParser() {
	}

	public static Schema parse(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new SchemaException(file.toString(), 0,
					"no such schema file (give --schema FILE; perf/schemas/users.toml "
							+ "is the user-service record)");
		}
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new SchemaException(file.toString(), 0, "cannot read the schema: " + ex.getMessage());
		}
		Path parent = file.toAbsolutePath().getParent();
		return parse(text, file.toString(), parent);
	}

	public static Schema parse(String text, String source, Path baseDirectory) {
		JsonNode root;
		try {
			root = MAPPER.readTree(text);
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			int line = (location != null) ? Math.max(location.getLineNr(), 0) : 0;
			throw new SchemaException(source, line, "not valid TOML: " + ex.getOriginalMessage());
		}
		SourceLocator locator = new SourceLocator(text);
		Params top = new Params(root, List.of(), source, locator);
		RunSettings run = run(top.table("run"));
		Params entitiesTable = top.table("entities");
		top.rejectUnknown();
		if (entitiesTable == null || entitiesTable.keys().isEmpty()) {
			throw new SchemaException(source, 0, "no entities: declare at least one [entities.NAME] table");
		}
		Map<String, EntitySpec> entities = new LinkedHashMap<>();
		for (String name : entitiesTable.keys()) {
			checkName(entitiesTable, name, "entity");
			entities.put(name, entity(name, entitiesTable.table(name)));
		}
		return new Schema(source, baseDirectory, run, entities);
	}

	private static RunSettings run(Params run) {
		if (run == null) {
			return RunSettings.NONE;
		}
		RunSettings settings = new RunSettings(optionalLong(run, "seed"), optionalLong(run, "rows"),
				run.string("entity", null), run.string("target", null), run.string("out", null),
				optionalInt(run, "batch_size"), optionalInt(run, "threads"), optionalInt(run, "buffer_size"));
		run.rejectUnknown();
		return settings;
	}

	private static EntitySpec entity(String name, Params entity) {
		long rows = entity.integer("rows", -1);
		if (entity.has("rows") && rows < 0) {
			throw entity.error("rows", "'rows' must not be negative");
		}
		String table = entity.string("table", name);
		Params fieldsTable = entity.table("fields");
		if (fieldsTable == null || fieldsTable.keys().isEmpty()) {
			throw entity.error("fields",
					"entity '" + name + "' has no fields: add [entities." + name + ".fields.NAME] tables");
		}
		List<FieldSpec> fields = new ArrayList<>();
		for (String fieldName : fieldsTable.keys()) {
			checkName(fieldsTable, fieldName, "field");
			fields.add(field(fieldName, fieldsTable.table(fieldName)));
		}
		String key = entity.string("key", fields.get(0).name());
		EntitySpec spec = new EntitySpec(name, rows, key, table, fields, entity);
		if (spec.field(key) == null) {
			throw entity.error("key", "key field '" + key + "' is not a field of entity '" + name + "'");
		}
		entity.rejectUnknown();
		return spec;
	}

	private static FieldSpec field(String name, Params field) {
		String generator = field.requireString("generator");
		String column = field.string("column", snakeCase(name));
		double nullShare = field.share("null_share", 0);
		boolean emit = field.bool("emit", true);
		boolean http = field.bool("http", true);
		List<RuleSpec> rules = new ArrayList<>();
		for (Params rule : field.tables("rules")) {
			String when = rule.requireString("when");
			boolean makeNull = rule.bool("null", false);
			Object value = rule.scalar("value");
			if (makeNull == (value != null)) {
				throw rule.error("when", "a rule sets either 'null = true' or 'value = ...', not both or neither");
			}
			rule.rejectUnknown();
			rules.add(new RuleSpec(when, makeNull, value, rule));
		}
		return new FieldSpec(name, generator, column, nullShare, emit, http, rules, field);
	}

	private static void checkName(Params parent, String name, String what) {
		if (!NAME.matcher(name).matches()) {
			throw parent.error(name, "the " + what + " name '" + name
					+ "' must start with a letter or '_' and hold only letters, digits and '_'");
		}
	}

	private static Long optionalLong(Params params, String key) {
		if (!params.has(key)) {
			consume(params, key);
			return null;
		}
		return params.integer(key, 0);
	}

	private static Integer optionalInt(Params params, String key) {
		if (!params.has(key)) {
			consume(params, key);
			return null;
		}
		long value = params.integer(key, 0);
		if (value < 1 || value > Integer.MAX_VALUE) {
			throw params.error(key, "'" + key + "' must be a positive integer, got " + value);
		}
		return (int) value;
	}

	private static Object consume(Params params, String key) {
		params.accept(key);
		return null;
	}

	/** {@code firstName} becomes {@code first_name}: the user-service table's naming. */
	static String snakeCase(String name) {
		StringBuilder snake = new StringBuilder();
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c)) {
				if (i > 0) {
					snake.append('_');
				}
				snake.append(Character.toLowerCase(c));
			}
			else {
				snake.append(c);
			}
		}
		return snake.toString().toLowerCase(Locale.ROOT);
	}

}
