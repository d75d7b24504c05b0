package io.cachegate.cache.web;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A path pattern with the literal start every path it matches has, so that most raw paths
 * are ruled out by one {@code startsWith} instead of being parsed into segments and
 * matched (both allocate, and the public and private path rules are asked on every
 * request).
 *
 * <p>
 * The literal start is the pattern's text before its first wildcard or variable, cut back
 * to the last {@code /} before it ({@code /auth/**} matches {@code /auth}, so its start
 * is {@code /auth}). The shortcut holds for paths whose segments are their raw text: a
 * path with a percent-encoding, a matrix parameter ({@code ;}) or an empty segment is
 * always matched in full. Patterns are case-sensitive (Spring's default parser).
 *
 * @param pattern the parsed pattern
 * @param literalStart what a raw path must start with to match
 */
public record PrefilteredPattern(PathPattern pattern, String literalStart) {

	public static PrefilteredPattern parse(String text) {
		PathPattern pattern = PathPatternParser.defaultInstance.parse(text);
		return new PrefilteredPattern(pattern, literalStart(pattern.getPatternString()));
	}

	static String literalStart(String pattern) {
		int wildcard = pattern.length();
		for (int i = 0; i < pattern.length(); i++) {
			char c = pattern.charAt(i);
			if (c == '*' || c == '{' || c == '?') {
				wildcard = i;
				break;
			}
		}
		if (wildcard == pattern.length()) {
			return pattern;
		}
		int slash = pattern.lastIndexOf('/', wildcard - 1);
		return slash <= 0 ? "" : pattern.substring(0, slash);
	}

	/** Whether the pattern matches a raw path; parses the path only when it may. */
	public boolean matches(String rawPath) {
		return mayMatch(rawPath) && pattern.matches(PathContainer.parsePath(rawPath));
	}

	/** Whether the pattern matches a parsed path, whose raw text is its value. */
	public boolean matches(PathContainer path) {
		return mayMatch(path.value()) && pattern.matches(path);
	}

	private boolean mayMatch(String rawPath) {
		return rawPath.startsWith(literalStart) || rawPath.indexOf('%') >= 0 || rawPath.indexOf(';') >= 0
				|| rawPath.contains("//");
	}

}
