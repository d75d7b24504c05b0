package io.cachegate.perf.datagen.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the line a key was written on. Jackson's TOML parser reports locations for syntax
 * errors only and builds a tree without them, so for semantic errors we scan the text
 * once and remember where each table header and each key (under its table) first appears.
 * Inline tables and multi-line values resolve to the line of the key that opens them,
 * which is where a reader would look.
 */
final class SourceLocator {

	private final Map<String, Integer> lines = new HashMap<>();

	SourceLocator(String text) {
		List<String> table = List.of();
		String[] all = text.split("\r?\n", -1);
		for (int i = 0; i < all.length; i++) {
			String line = all[i].strip();
			if (line.isEmpty() || line.startsWith("#")) {
				continue;
			}
			int number = i + 1;
			if (line.startsWith("[")) {
				boolean array = line.startsWith("[[");
				int end = line.indexOf(array ? "]]" : "]");
				if (end < 0) {
					continue;
				}
				table = splitKey(line.substring(array ? 2 : 1, end));
				remember(table, number);
				continue;
			}
			int equals = keyEnd(line);
			if (equals > 0) {
				List<String> path = new ArrayList<>(table);
				path.addAll(splitKey(line.substring(0, equals)));
				remember(path, number);
			}
		}
	}

	/**
	 * Remembers the path and, where not yet seen, its prefixes: {@code [a.b]} also
	 * defines {@code a}.
	 */
	private void remember(List<String> path, int number) {
		for (int length = 1; length <= path.size(); length++) {
			this.lines.putIfAbsent(String.join("\u0000", path.subList(0, length)), number);
		}
	}

	/**
	 * The line of the longest prefix of {@code path} that was written in the file, or 0
	 * when none was (a missing key is reported at the table that should hold it).
	 */
	int line(List<String> path) {
		for (int length = path.size(); length > 0; length--) {
			Integer line = this.lines.get(String.join("\u0000", path.subList(0, length)));
			if (line != null) {
				return line;
			}
		}
		return 0;
	}

	/** Index of the '=' that ends a key, skipping quoted key parts, or -1. */
	private static int keyEnd(String line) {
		char quote = 0;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '"' || c == '\'') {
				quote = c;
			}
			else if (c == '=') {
				return i;
			}
		}
		return -1;
	}

	private static List<String> splitKey(String key) {
		List<String> parts = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		char quote = 0;
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (quote != 0) {
				if (c == quote) {
					quote = 0;
				}
				else {
					current.append(c);
				}
			}
			else if (c == '"' || c == '\'') {
				quote = c;
			}
			else if (c == '.') {
				parts.add(current.toString().strip());
				current.setLength(0);
			}
			else {
				current.append(c);
			}
		}
		parts.add(current.toString().strip());
		return parts;
	}

}
