package io.cachegate.perf.datagen.generator;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * A text with {@code {field}} placeholders filled from the row, plus {@code {row}}
 * (1-based row number, which makes derived emails and usernames unique) and
 * {@code {index}} (0-based). With {@code slug}, each substituted value is folded to
 * lower-case ASCII letters and digits ("João da Silva" becomes "joaodasilva"), as an
 * e-mail's local part wants.
 */
final class Template {

	private final String[] literals;

	/** Field positions; -1 for {row}, -2 for {index}. */
	private final int[] fields;

	private final boolean slug;

	private Template(String[] literals, int[] fields, boolean slug) {
		this.literals = literals;
		this.fields = fields;
		this.slug = slug;
	}

	/**
	 * @param resolver field name to position; throws for unknown names
	 * @throws IllegalArgumentException for an unclosed placeholder
	 */
	static Template compile(String text, boolean slug, ToIntFunction<String> resolver) {
		List<String> literals = new ArrayList<>();
		List<Integer> fields = new ArrayList<>();
		int from = 0;
		while (true) {
			int open = text.indexOf('{', from);
			if (open < 0) {
				literals.add(text.substring(from));
				break;
			}
			int close = text.indexOf('}', open);
			if (close < 0) {
				throw new IllegalArgumentException("template '" + text + "': '{' at " + (open + 1) + " is not closed");
			}
			literals.add(text.substring(from, open));
			String name = text.substring(open + 1, close).strip();
			fields.add(switch (name) {
				case "row" -> -1;
				case "index" -> -2;
				default -> resolver.applyAsInt(name);
			});
			from = close + 1;
		}
		return new Template(literals.toArray(new String[0]), fields.stream().mapToInt(Integer::intValue).toArray(),
				slug);
	}

	String render(RowValues row) {
		StringBuilder out = new StringBuilder(32);
		for (int i = 0; i < this.fields.length; i++) {
			out.append(this.literals[i]);
			int field = this.fields[i];
			if (field == -1) {
				out.append(row.index() + 1);
			}
			else if (field == -2) {
				out.append(row.index());
			}
			else {
				Object value = row.get(field);
				if (value != null) {
					String text = value.toString();
					out.append(this.slug ? slug(text) : text);
				}
			}
		}
		out.append(this.literals[this.fields.length]);
		return out.toString();
	}

	static String slug(String text) {
		// Fast path for ASCII text (most names): lower-case letters, keep digits, drop
		// the rest.
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x80) {
				return slugUnicode(text);
			}
			if (c >= 'A' && c <= 'Z') {
				out.append((char) (c + ('a' - 'A')));
			}
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				out.append(c);
			}
		}
		return out.toString();
	}

	/**
	 * Decomposes accented letters (é becomes e + accent) and keeps only the ASCII letters
	 * and digits.
	 */
	private static String slugUnicode(String text) {
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD).toLowerCase(Locale.ROOT);
		StringBuilder out = new StringBuilder(decomposed.length());
		for (int i = 0; i < decomposed.length(); i++) {
			char c = decomposed.charAt(i);
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				out.append(c);
			}
		}
		return out.toString();
	}

}
