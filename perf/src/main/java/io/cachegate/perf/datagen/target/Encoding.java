package io.cachegate.perf.datagen.target;

import java.math.BigDecimal;

/**
 * Turns values into CSV fields and JSON values, as UTF-8 bytes. CSV follows RFC 4180 as
 * PostgreSQL's COPY reads it: a null is an empty unquoted field and an empty string is
 * {@code ""}, so the two stay apart.
 */
final class Encoding {

	private Encoding() {
	}

	static void csvField(Utf8Buffer out, Object value) {
		if (value == null) {
			return;
		}
		if (!(value instanceof String text)) {
			// Numbers, dates and booleans never hold a comma, a quote or a line break.
			out.value(value);
			return;
		}
		if (text.isEmpty()) {
			out.ascii("\"\"");
			return;
		}
		// indexOf is an intrinsic: four vectorised scans beat one char-by-char loop.
		boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
				|| text.indexOf('\r') >= 0;
		if (!quote) {
			out.text(text);
			return;
		}
		out.ascii('"');
		for (int i = 0; i < text.length();) {
			if (text.charAt(i) == '"') {
				out.ascii('"');
			}
			i = out.put(text, i);
		}
		out.ascii('"');
	}

	static void csvRow(Utf8Buffer out, Object[] row) {
		for (int i = 0; i < row.length; i++) {
			if (i > 0) {
				out.ascii(',');
			}
			csvField(out, row[i]);
		}
		out.ascii('\n');
	}

	static void jsonValue(Utf8Buffer out, Object value) {
		if (value == null) {
			out.ascii("null");
		}
		else if (value instanceof Long || value instanceof Integer || value instanceof Boolean
				|| value instanceof BigDecimal) {
			out.value(value);
		}
		else if (value instanceof String text) {
			jsonString(out, text);
		}
		else {
			out.ascii('"').value(value).ascii('"');
		}
	}

	static void jsonString(Utf8Buffer out, String text) {
		out.ascii('"');
		for (int i = 0; i < text.length();) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.ascii("\\\"");
				case '\\' -> out.ascii("\\\\");
				case '\n' -> out.ascii("\\n");
				case '\r' -> out.ascii("\\r");
				case '\t' -> out.ascii("\\t");
				default -> {
					if (c < 0x20) {
						out.ascii(String.format("\\u%04x", (int) c));
					}
					else {
						i = out.put(text, i);
						continue;
					}
				}
			}
			i++;
		}
		out.ascii('"');
	}

	/**
	 * One JSON object with the given property names; {@code include} picks the properties
	 * written.
	 */
	static void jsonObject(Utf8Buffer out, String[] names, Object[] row, boolean[] include) {
		out.ascii('{');
		boolean first = true;
		for (int i = 0; i < row.length; i++) {
			if (include != null && !include[i]) {
				continue;
			}
			if (!first) {
				out.ascii(',');
			}
			first = false;
			jsonString(out, names[i]);
			out.ascii(':');
			jsonValue(out, row[i]);
		}
		out.ascii('}');
	}

}
