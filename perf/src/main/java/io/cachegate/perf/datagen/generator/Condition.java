package io.cachegate.perf.datagen.generator;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's condition: comparisons {@code field OP literal} joined by {@code and}, where
 * OP is one of {@code < <= > >= == !=} and the literal is a number, {@code 'text'},
 * {@code 'YYYY-MM-DD'} (compared as a date when the field holds dates), {@code true},
 * {@code false} or {@code null}. Small on purpose: rules like "under 18, no driving
 * licence" need no more, and a parser this size cannot surprise anyone.
 */
final class Condition {

	private static final Pattern COMPARISON = Pattern.compile(
			"\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(<=|>=|==|!=|<|>)\\s*('[^']*'|\"[^\"]*\"|-?[0-9]+(?:\\.[0-9]+)?|true|false|null)\\s*");

	private final Comparison[] comparisons;

	private Condition(Comparison[] comparisons) {
		this.comparisons = comparisons;
	}

	/**
	 * @throws IllegalArgumentException saying which part is not understood
	 */
	static Condition parse(String text, ToIntFunction<String> resolver, List<String> dependencies) {
		List<Comparison> comparisons = new ArrayList<>();
		for (String part : text.split("(?i)\\s+and\\s+")) {
			Matcher matcher = COMPARISON.matcher(part);
			if (!matcher.matches()) {
				throw new IllegalArgumentException("condition '" + text + "': cannot read '" + part.strip()
						+ "' (write: field < 18 and other == 'text')");
			}
			String field = matcher.group(1);
			dependencies.add(field);
			Object literal = literal(matcher.group(3));
			comparisons.add(new Comparison(resolver.applyAsInt(field), matcher.group(2), literal, asDate(literal)));
		}
		return new Condition(comparisons.toArray(new Comparison[0]));
	}

	boolean test(RowValues row) {
		for (Comparison comparison : this.comparisons) {
			if (!comparison.test(row.get(comparison.field()))) {
				return false;
			}
		}
		return true;
	}

	private static Object literal(String text) {
		if (text.startsWith("'") || text.startsWith("\"")) {
			return text.substring(1, text.length() - 1);
		}
		return switch (text) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			case "null" -> null;
			default -> new BigDecimal(text);
		};
	}

	/**
	 * The literal as a date when it reads as one, so rows compare dates without parsing
	 * each time.
	 */
	private static LocalDate asDate(Object literal) {
		if (literal instanceof String text) {
			try {
				return LocalDate.parse(text);
			}
			catch (DateTimeParseException ex) {
				return null;
			}
		}
		return null;
	}

	private record Comparison(int field, String operator, Object literal, LocalDate date) {

		private static final Set<String> EQUALITY = Set.of("==", "!=");

		boolean test(Object value) {
			if (this.literal == null || value == null) {
				boolean same = this.literal == value;
				return switch (this.operator) {
					case "==" -> same;
					case "!=" -> !same;
					default -> false;
				};
			}
			Integer order = compare(value);
			if (order == null) {
				// Values of different kinds are never equal and never ordered.
				return EQUALITY.contains(this.operator) && "!=".equals(this.operator);
			}
			return switch (this.operator) {
				case "<" -> order < 0;
				case "<=" -> order <= 0;
				case ">" -> order > 0;
				case ">=" -> order >= 0;
				case "==" -> order == 0;
				default -> order != 0;
			};
		}

		private Integer compare(Object value) {
			if (value instanceof Number number && this.literal instanceof BigDecimal decimal) {
				BigDecimal left = (number instanceof BigDecimal big) ? big : new BigDecimal(number.toString());
				return left.compareTo(decimal);
			}
			if (value instanceof LocalDate day) {
				return (this.date != null) ? day.compareTo(this.date) : null;
			}
			if (value instanceof Boolean flag && this.literal instanceof Boolean expected) {
				return flag.equals(expected) ? 0 : 1;
			}
			if (value instanceof String text && this.literal instanceof String expected) {
				return text.compareTo(expected);
			}
			return null;
		}

	}

}
