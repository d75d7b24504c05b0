package io.cachegate.perf.datagen.generator;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import io.cachegate.perf.datagen.schema.FieldSpec;
import io.cachegate.perf.datagen.schema.Params;

/**
 * Builds a {@link FieldGenerator} from a field's parameters, checking each one and
 * pointing at its line when it is wrong. The list of generators and their parameters is
 * documented in perf/README.md.
 */
final class GeneratorFactory {

	static final List<String> NAMES = List.of("sequence", "counter", "uuid", "int", "decimal", "pattern", "dictionary",
			"enum", "derived", "date", "birth_date", "cpf", "phone", "boolean", "constant", "reference");

	/** What a generator may ask about the rest of the dataset. */
	interface Context {

		/**
		 * Position of a field of the same entity; records that the field being built
		 * depends on it.
		 */
		int dependOn(String field);

		/** The compiled generator of another entity. */
		EntityGenerator entity(String name);

		/** How many rows another entity has. */
		long rows(String entity);

		Path baseDirectory();

	}

	private final Map<String, Dictionary> dictionaries = new ConcurrentHashMap<>();

	FieldGenerator create(FieldSpec field, Context context) {
		Params params = field.params();
		params.accept("generator", "column", "null_share", "duplicate_share", "emit", "http", "rules");
		FieldGenerator generator = build(field.generator().toLowerCase(Locale.ROOT), params, context);
		params.rejectUnknown();
		return generator;
	}

	private FieldGenerator build(String name, Params params, Context context) {
		switch (name) {
			case "sequence":
				return new Generators.Sequence(params.integer("start", 1), params.integer("step", 1));
			case "counter": {
				long resetEvery = params.integer("reset_every", Long.MAX_VALUE);
				if (resetEvery < 1) {
					throw params.error("reset_every", "'reset_every' must be at least 1");
				}
				return new Generators.Counter(params.integer("start", 1), params.integer("step", 1), resetEvery);
			}
			case "uuid":
				return new Generators.Uuid();
			case "int": {
				long min = params.requireInteger("min");
				long max = params.requireInteger("max");
				checkRange(params, min, max);
				return new Generators.IntRange(min, max, Distribution.from(params, min, max));
			}
			case "decimal": {
				double min = params.number("min", 0);
				double max = params.number("max", 1);
				checkRange(params, min, max);
				long scale = params.integer("scale", 2);
				if (scale < 0 || scale > 18) {
					throw params.error("scale", "'scale' must be between 0 and 18");
				}
				return new Generators.DecimalRange(min, max, (int) scale, Distribution.from(params, min, max));
			}
			case "pattern":
				try {
					return new Generators.Pattern(StringPattern.compile(params.requireString("pattern")));
				}
				catch (IllegalArgumentException ex) {
					throw params.error("pattern", ex.getMessage());
				}
			case "dictionary": {
				Dictionary dictionary = dictionary(params, context);
				return new Generators.Pick(dictionary, Distribution.from(params, 0, dictionary.size() - 1));
			}
			case "enum":
				return weightedEnum(params);
			case "derived": {
				String text = params.requireString("template");
				Template template;
				try {
					template = Template.compile(text, params.bool("slug", false),
							resolver(params, "template", context));
				}
				catch (IllegalArgumentException ex) {
					throw params.error("template", ex.getMessage());
				}
				long maxLength = params.integer("max_length", Integer.MAX_VALUE);
				if (maxLength < 1) {
					throw params.error("max_length", "'max_length' must be at least 1");
				}
				return new Generators.Derived(template, params.bool("lowercase", false),
						(int) Math.min(maxLength, Integer.MAX_VALUE), params.share("invalid_share", 0));
			}
			case "date": {
				long min = date(params, "min", null).toEpochDay();
				long max = date(params, "max", null).toEpochDay();
				checkRange(params, min, max);
				return new Generators.DateRange(min, max, Distribution.from(params, min, max));
			}
			case "birth_date":
				return birthDate(params, context);
			case "cpf":
				return new Generators.CpfNumber(params.share("invalid_share", 0), params.bool("formatted", false));
			case "phone": {
				String format = params.string("format", "e164");
				Generators.PhoneFormat phoneFormat = switch (format) {
					case "e164" -> Generators.PhoneFormat.E164;
					case "international" -> Generators.PhoneFormat.INTERNATIONAL;
					case "national" -> Generators.PhoneFormat.NATIONAL;
					default -> throw params.error("format",
							"'format' must be e164, international or national, got '" + format + "'");
				};
				return new Generators.Phone(phoneFormat, params.share("mobile_share", 0.8));
			}
			case "boolean":
				return new Generators.Bool(params.share("true_share", 0.5));
			case "constant": {
				Object value = params.scalar("value");
				if (value == null) {
					throw params.error("missing 'value' (for no value, use null_share = 1.0)");
				}
				return new Generators.Constant(value);
			}
			case "reference":
				return reference(params, context);
			default:
				throw params.error("generator",
						"unknown generator '" + name + "' (known: " + String.join(", ", NAMES) + ")");
		}
	}

	private Dictionary dictionary(Params params, Context context) {
		String bundled = params.string("dictionary", null);
		String file = params.string("file", null);
		if ((bundled == null) == (file == null)) {
			throw params.error("generator", "give either 'dictionary' (one of " + String.join(", ", Dictionary.BUNDLED)
					+ ") or 'file' (a path, one word a line)");
		}
		if (bundled != null) {
			if (!Dictionary.BUNDLED.contains(bundled)) {
				throw params.error("dictionary", "no bundled dictionary '" + bundled + "' (bundled: "
						+ String.join(", ", Dictionary.BUNDLED) + ")");
			}
			return this.dictionaries.computeIfAbsent(bundled, (key) -> {
				try {
					return Dictionary.bundled(key);
				}
				catch (IOException ex) {
					throw params.error("dictionary", ex.getMessage());
				}
			});
		}
		Path path = context.baseDirectory().resolve(file);
		try {
			return Dictionary.file(path);
		}
		catch (IOException ex) {
			throw params.error("file", "cannot read dictionary file " + path + ": " + ex.getMessage());
		}
	}

	private static FieldGenerator weightedEnum(Params params) {
		List<Object> values = params.scalars("values");
		if (values.isEmpty()) {
			throw params.error("values", "'values' must list at least one value");
		}
		List<Double> weights = params.numbers("weights");
		if (!weights.isEmpty() && weights.size() != values.size()) {
			throw params.error("weights",
					"'weights' has " + weights.size() + " entries but 'values' has " + values.size());
		}
		double[] cumulative = new double[values.size()];
		double total = 0;
		for (int i = 0; i < cumulative.length; i++) {
			double weight = weights.isEmpty() ? 1 : weights.get(i);
			if (weight < 0) {
				throw params.error("weights", "weights must not be negative, got " + weight);
			}
			total += weight;
			cumulative[i] = total;
		}
		if (total <= 0) {
			throw params.error("weights", "weights must not all be zero");
		}
		return new Generators.WeightedEnum(values.toArray(), cumulative);
	}

	private static FieldGenerator birthDate(Params params, Context context) {
		LocalDate reference = date(params, "reference_date", LocalDate.of(2025, 1, 1));
		String ageFieldName = params.string("age_field", null);
		int ageField = -1;
		if (ageFieldName != null) {
			ageField = resolver(params, "age_field", context).applyAsInt(ageFieldName);
		}
		long minAge = params.integer("min_age", 18);
		long maxAge = params.integer("max_age", 90);
		if (minAge < 0) {
			throw params.error("min_age", "'min_age' must not be negative");
		}
		checkRange(params, minAge, maxAge);
		Params ageParams = params;
		if (!params.has("distribution")) {
			// People's ages are not uniform: default to a bell around the middle of the
			// range.
			return new Generators.BirthDate(reference, minAge, maxAge,
					Distribution.normal(params.number("mean", (minAge + maxAge) / 2.0),
							params.number("stddev", (maxAge - minAge) / 4.0)),
					ageField, params.share("future_share", 0));
		}
		return new Generators.BirthDate(reference, minAge, maxAge, Distribution.from(ageParams, minAge, maxAge),
				ageField, params.share("future_share", 0));
	}

	private static FieldGenerator reference(Params params, Context context) {
		String entityName = params.requireString("entity");
		EntityGenerator target;
		try {
			target = context.entity(entityName);
		}
		catch (IllegalArgumentException ex) {
			throw params.error("entity", ex.getMessage());
		}
		String fieldName = params.string("field", target.keyName());
		int field = target.fieldIndex(fieldName);
		if (field < 0) {
			throw params.error("field", "entity '" + entityName + "' has no field '" + fieldName + "'");
		}
		long rows = context.rows(entityName);
		if (rows < 1) {
			throw params.error("entity",
					"entity '" + entityName + "' needs 'rows' (at least 1) so that references know which keys exist");
		}
		return new Generators.Reference(target, field, rows, Distribution.from(params, 0, rows - 1));
	}

	private static ToIntFunction<String> resolver(Params params, String key, Context context) {
		return (name) -> {
			try {
				return context.dependOn(name);
			}
			catch (IllegalArgumentException ex) {
				throw params.error(key, ex.getMessage());
			}
		};
	}

	private static LocalDate date(Params params, String key, LocalDate fallback) {
		Object value = params.scalar(key);
		if (value == null) {
			if (fallback == null) {
				throw params.error("missing '" + key + "' (a date like 2020-01-31)");
			}
			return fallback;
		}
		try {
			return LocalDate.parse(value.toString());
		}
		catch (DateTimeParseException ex) {
			throw params.error(key, "'" + key + "' must be a date like 2020-01-31, got " + value);
		}
	}

	private static void checkRange(Params params, double min, double max) {
		if (max < min) {
			throw params.error("max", "'max' (" + BigDecimal.valueOf(max).stripTrailingZeros().toPlainString()
					+ ") is below 'min' (" + BigDecimal.valueOf(min).stripTrailingZeros().toPlainString() + ")");
		}
	}

	/** Parses rule conditions with the same dependency tracking as generators. */
	static Condition condition(Params rule, String text, Context context) {
		try {
			List<String> fields = new ArrayList<>();
			return Condition.parse(text, resolver(rule, "when", context), fields);
		}
		catch (IllegalArgumentException ex) {
			throw rule.error("when", ex.getMessage());
		}
	}

}
