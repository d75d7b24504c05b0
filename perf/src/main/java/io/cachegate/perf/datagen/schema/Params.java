package io.cachegate.perf.datagen.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The parameters of one schema table (a field, a rule, an entity), read with their types
 * checked. Every getter that meets a wrong value throws a {@link SchemaException}
 * pointing at the line of the key, and {@link #rejectUnknown()} reports keys nobody read,
 * so a misspelt parameter never passes silently.
 */
public final class Params {

	private final JsonNode node;

	private final List<String> path;

	private final String source;

	private final SourceLocator locator;

	private final Set<String> used = new LinkedHashSet<>();

	Params(JsonNode node, List<String> path, String source, SourceLocator locator) {
		this.node = node;
		this.path = List.copyOf(path);
		this.source = source;
		this.locator = locator;
	}

	/** Dotted path of this table, for messages ({@code entities.users.fields.email}). */
	public String where() {
		return String.join(".", this.path);
	}

	public boolean has(String key) {
		return this.node.has(key);
	}

	/** The keys present in this table, in file order. */
	public List<String> keys() {
		return List.copyOf(this.node.propertyNames());
	}

	public String string(String key, String fallback) {
		JsonNode value = value(key);
		if (value == null) {
			return fallback;
		}
		if (!value.isString()) {
			throw error(key, "'" + key + "' must be a string, got " + describe(value));
		}
		return value.asString();
	}

	public String requireString(String key) {
		String value = string(key, null);
		if (value == null) {
			throw error("missing '" + key + "' in [" + where() + "]");
		}
		return value;
	}

	public long integer(String key, long fallback) {
		JsonNode value = value(key);
		if (value == null) {
			return fallback;
		}
		if (!value.isIntegralNumber() || !value.canConvertToLong()) {
			throw error(key, "'" + key + "' must be an integer, got " + describe(value));
		}
		return value.asLong();
	}

	public long requireInteger(String key) {
		if (!has(key)) {
			value(key);
			throw error("missing '" + key + "' in [" + where() + "]");
		}
		return integer(key, 0);
	}

	public double number(String key, double fallback) {
		JsonNode value = value(key);
		if (value == null) {
			return fallback;
		}
		if (!value.isNumber()) {
			throw error(key, "'" + key + "' must be a number, got " + describe(value));
		}
		return value.asDouble();
	}

	public boolean bool(String key, boolean fallback) {
		JsonNode value = value(key);
		if (value == null) {
			return fallback;
		}
		if (!value.isBoolean()) {
			throw error(key, "'" + key + "' must be true or false, got " + describe(value));
		}
		return value.asBoolean();
	}

	/** A share between 0 and 1 inclusive. */
	public double share(String key, double fallback) {
		double share = number(key, fallback);
		if (share < 0 || share > 1) {
			throw error(key, "'" + key + "' must be between 0 and 1, got " + share);
		}
		return share;
	}

	public List<String> strings(String key) {
		JsonNode value = value(key);
		if (value == null) {
			return List.of();
		}
		if (!value.isArray()) {
			throw error(key, "'" + key + "' must be an array of strings, got " + describe(value));
		}
		List<String> strings = new ArrayList<>();
		for (JsonNode element : value) {
			if (!element.isString()) {
				throw error(key, "'" + key + "' must hold strings only, got " + describe(element));
			}
			strings.add(element.asString());
		}
		return strings;
	}

	public List<Double> numbers(String key) {
		JsonNode value = value(key);
		if (value == null) {
			return List.of();
		}
		if (!value.isArray()) {
			throw error(key, "'" + key + "' must be an array of numbers, got " + describe(value));
		}
		List<Double> numbers = new ArrayList<>();
		for (JsonNode element : value) {
			if (!element.isNumber()) {
				throw error(key, "'" + key + "' must hold numbers only, got " + describe(element));
			}
			numbers.add(element.asDouble());
		}
		return numbers;
	}

	/**
	 * A scalar value as Java: {@code Long}, {@code java.math.BigDecimal}, {@code Boolean}
	 * or {@code String} (TOML dates arrive as strings), or {@code null} when the key is
	 * absent.
	 */
	public Object scalar(String key) {
		JsonNode value = value(key);
		return (value != null) ? toScalar(key, value) : null;
	}

	/** The elements of an array of scalars, as {@link #scalar(String)} converts them. */
	public List<Object> scalars(String key) {
		JsonNode value = value(key);
		if (value == null) {
			return List.of();
		}
		if (!value.isArray()) {
			throw error(key, "'" + key + "' must be an array, got " + describe(value));
		}
		List<Object> scalars = new ArrayList<>();
		for (JsonNode element : value) {
			scalars.add(toScalar(key, element));
		}
		return scalars;
	}

	/**
	 * The array of tables under {@code key} (inline or {@code [[...]]}), each as its own
	 * parameters.
	 */
	public List<Params> tables(String key) {
		JsonNode value = value(key);
		if (value == null) {
			return List.of();
		}
		if (!value.isArray()) {
			throw error(key, "'" + key + "' must be an array of tables, got " + describe(value));
		}
		List<Params> tables = new ArrayList<>();
		List<String> child = new ArrayList<>(this.path);
		child.add(key);
		for (JsonNode element : value) {
			if (!element.isObject()) {
				throw error(key, "'" + key + "' must hold tables only, got " + describe(element));
			}
			tables.add(new Params(element, child, this.source, this.locator));
		}
		return tables;
	}

	/** The table under {@code key}, or {@code null} when absent. */
	public Params table(String key) {
		JsonNode value = value(key);
		if (value == null) {
			return null;
		}
		if (!value.isObject()) {
			throw error(key, "'" + key + "' must be a table, got " + describe(value));
		}
		List<String> child = new ArrayList<>(this.path);
		child.add(key);
		return new Params(value, child, this.source, this.locator);
	}

	/**
	 * Reports the first key that no getter asked for, naming the keys that are understood
	 * here.
	 */
	public void rejectUnknown() {
		for (String key : this.node.propertyNames()) {
			if (!this.used.contains(key)) {
				throw error(key, "unknown key '" + key + "' in [" + where() + "]"
						+ (this.used.isEmpty() ? "" : " (known here: " + String.join(", ", this.used) + ")"));
			}
		}
	}

	/**
	 * Marks keys as understood without reading them (for keys another component reads).
	 */
	public void accept(String... keys) {
		this.used.addAll(List.of(keys));
	}

	/**
	 * An error located at the line of {@code key} (or of this table when the key is
	 * absent).
	 */
	public SchemaException error(String key, String problem) {
		List<String> keyPath = new ArrayList<>(this.path);
		keyPath.add(key);
		return new SchemaException(this.source, this.locator.line(keyPath), problem);
	}

	/** An error located at this table. */
	public SchemaException error(String problem) {
		return new SchemaException(this.source, this.locator.line(this.path), problem);
	}

	private JsonNode value(String key) {
		this.used.add(key);
		return this.node.get(key);
	}

	private Object toScalar(String key, JsonNode value) {
		if (value.isIntegralNumber()) {
			return value.asLong();
		}
		if (value.isNumber()) {
			return value.decimalValue();
		}
		if (value.isBoolean()) {
			return value.asBoolean();
		}
		if (value.isString()) {
			return value.asString();
		}
		throw error(key, "'" + key + "' must hold plain values, got " + describe(value));
	}

	private static String describe(JsonNode value) {
		if (value.isObject()) {
			return "a table";
		}
		if (value.isArray()) {
			return "an array";
		}
		return (value.isString() ? "the string " : "") + value.toString();
	}

}
