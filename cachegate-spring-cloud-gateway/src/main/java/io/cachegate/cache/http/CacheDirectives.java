package io.cachegate.cache.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The directives of a {@code Cache-Control} or targeted field (RFC 9111 section 5.2, RFC
 * 9213, and {@code Surrogate-Control} with its targets): names are case-insensitive,
 * arguments may be quoted, several field lines combine. An unparseable delta counts as
 * absent, except that a malformed {@code max-age} makes the response stale (RFC 9111
 * section 4.2.1).
 *
 * @param directives lower-case name to argument (empty string when none)
 */
record CacheDirectives(Map<String, String> directives) {

	CacheDirectives {
		directives = Map.copyOf(directives);
	}

	static CacheDirectives parse(List<String> fieldLines) {
		Map<String, String> parsed = new LinkedHashMap<>();
		if (fieldLines != null) {
			for (String line : fieldLines) {
				parseLine(line, parsed);
			}
		}
		return new CacheDirectives(parsed);
	}

	/**
	 * The directives of a {@code Surrogate-Control} field (W3C Edge Architecture 1.0)
	 * that apply to the surrogate named {@code deviceToken}: a directive may end with
	 * {@code ;<target>}; one targeted at another device is left out, and one targeted at
	 * this one overrides the untargeted directive of the same name.
	 */
	static CacheDirectives parseSurrogate(List<String> fieldLines, String deviceToken) {
		StringBuilder untargeted = new StringBuilder();
		StringBuilder ours = new StringBuilder();
		if (fieldLines != null) {
			for (String line : fieldLines) {
				for (String directive : splitOutsideQuotes(line, ',')) {
					List<String> parts = splitOutsideQuotes(directive, ';');
					String target = parts.size() > 1 ? parts.get(parts.size() - 1).strip() : "";
					StringBuilder into = target.isEmpty() ? untargeted
							: target.equalsIgnoreCase(deviceToken) ? ours : null;
					if (into != null) {
						into.append(parts.get(0)).append(',');
					}
				}
			}
		}
		Map<String, String> parsed = new LinkedHashMap<>();
		parseLine(ours.toString(), parsed);
		parseLine(untargeted.toString(), parsed);
		return new CacheDirectives(parsed);
	}

	private static List<String> splitOutsideQuotes(String text, char separator) {
		List<String> parts = new ArrayList<>();
		boolean quoted = false;
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == '\\' && quoted) {
				i++;
			}
			else if (c == separator && !quoted) {
				parts.add(text.substring(start, i));
				start = i + 1;
			}
		}
		parts.add(text.substring(start));
		return parts;
	}

	private static void parseLine(String line, Map<String, String> into) {
		int i = 0;
		int n = line.length();
		while (i < n) {
			while (i < n && (line.charAt(i) == ',' || Character.isWhitespace(line.charAt(i)))) {
				i++;
			}
			int nameStart = i;
			while (i < n && line.charAt(i) != '=' && line.charAt(i) != ',') {
				i++;
			}
			String name = line.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
			String value = "";
			if (i < n && line.charAt(i) == '=') {
				i++;
				if (i < n && line.charAt(i) == '"') {
					StringBuilder quoted = new StringBuilder();
					i++;
					while (i < n && line.charAt(i) != '"') {
						if (line.charAt(i) == '\\' && i + 1 < n) {
							i++;
						}
						quoted.append(line.charAt(i));
						i++;
					}
					i++;
					value = quoted.toString();
					while (i < n && line.charAt(i) != ',') {
						i++;
					}
				}
				else {
					int valueStart = i;
					while (i < n && line.charAt(i) != ',') {
						i++;
					}
					value = line.substring(valueStart, i).trim();
				}
			}
			if (!name.isEmpty()) {
				// The first occurrence wins, as most caches do with duplicates.
				into.putIfAbsent(name, value);
			}
		}
	}

	boolean has(String name) {
		return directives.containsKey(name);
	}

	boolean isEmpty() {
		return directives.isEmpty();
	}

	/** A delta-seconds argument; empty when absent; -1 when present but malformed. */
	Optional<Long> seconds(String name) {
		String value = directives.get(name);
		if (value == null) {
			return Optional.empty();
		}
		try {
			long seconds = Long.parseLong(value.trim());
			return Optional.of(seconds < 0 ? -1 : seconds);
		}
		catch (NumberFormatException ex) {
			return Optional.of(-1L);
		}
	}

}
