package io.cachegate.cache.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The one normalization of request paths: what routing matches, what the cache keys and
 * what the services receive ({@link PathNormalizationWebFilter} applies it before
 * anything else looks at the path), and the encodings that are refused because different
 * parts of a chain of servers read them differently.
 *
 * <ul>
 * <li>Normalized: percent-encodings upper-cased, unreserved characters decoded
 * ({@code %7E} is {@code ~}), other bytes encoded, dot segments removed, repeated slashes
 * collapsed; a trailing slash is kept (it may name another resource).</li>
 * <li>Refused: an encoded slash or backslash ({@code %2F}, {@code %5C}), an encoded NUL,
 * and a dot segment spelled with an encoded dot ({@code %2E%2E}): a router that matches
 * the encoded form and a server that decodes it see two different paths. nginx and Tomcat
 * refuse them by default too.</li>
 * </ul>
 */
public final class RequestPaths {

	private RequestPaths() {
	}

	/**
	 * Why the raw path is refused, or null when it is acceptable.
	 * @param rawPath the path as it arrived, percent-encoded
	 */
	public static String refusal(String rawPath) {
		if (rawPath == null || rawPath.indexOf('%') < 0) {
			return null;
		}
		String upper = rawPath.toUpperCase(Locale.ROOT);
		if (upper.contains("%2F") || upper.contains("%5C")) {
			return "the path contains an encoded slash or backslash (%2F, %5C); send the path unencoded";
		}
		if (upper.contains("%00")) {
			return "the path contains an encoded NUL (%00)";
		}
		for (String segment : upper.split("/", -1)) {
			if (segment.contains("%2E")) {
				String decoded = segment.replace("%2E", ".");
				if (decoded.equals(".") || decoded.equals("..")) {
					return "the path contains a dot segment with an encoded dot (%2E); send . and .. unencoded";
				}
			}
		}
		return null;
	}

	/**
	 * Whether {@link #normalize} would return the path unchanged, decided by one scan
	 * without allocating: only unreserved and allowed characters (no percent-encoding at
	 * all), no empty segment, no dot segment.
	 */
	public static boolean isNormalized(String rawPath) {
		if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
			return false;
		}
		int segmentStart = 1;
		for (int i = 1; i <= rawPath.length(); i++) {
			if (i == rawPath.length() || rawPath.charAt(i) == '/') {
				int length = i - segmentStart;
				boolean last = i == rawPath.length();
				if ((length == 0 && !last) || isDotSegment(rawPath, segmentStart, length)) {
					return false;
				}
				segmentStart = i + 1;
			}
			else {
				char c = rawPath.charAt(i);
				if (c >= 0x80 || !(isUnreserved(c) || isSubDelimOrPathChar(c, false))) {
					return false;
				}
			}
		}
		return true;
	}

	private static boolean isDotSegment(String path, int start, int length) {
		return (length == 1 && path.charAt(start) == '.')
				|| (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.');
	}

	/**
	 * The normalized form of a raw (percent-encoded) path; applying it twice changes
	 * nothing.
	 */
	public static String normalize(String rawPath) {
		if (rawPath == null || rawPath.isEmpty()) {
			return "/";
		}
		String encoded = percentNormalize(rawPath, false);
		String collapsed = encoded.replaceAll("/{2,}", "/");
		String withoutDots = removeDotSegments(collapsed);
		return withoutDots.startsWith("/") ? withoutDots : "/" + withoutDots;
	}

	/**
	 * RFC 3986 section 6.2.2: upper-case hex in percent-encodings, decode unreserved
	 * characters, encode anything that is neither allowed nor a valid encoding (a stray
	 * {@code %} becomes {@code %25}).
	 * @param inQuery whether the text is a query name or value ({@code /} and {@code ?}
	 * allowed, delimiters kept)
	 */
	public static String percentNormalize(String text, boolean inQuery) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder(bytes.length + 8);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xFF;
			if (b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
				int decoded = Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16);
				if (isUnreserved(decoded)) {
					out.append((char) decoded);
				}
				else {
					out.append('%').append(hex(decoded));
				}
				i += 2;
			}
			else if (isUnreserved(b) || isSubDelimOrPathChar(b, inQuery)) {
				out.append((char) b);
			}
			else {
				out.append('%').append(hex(b));
			}
		}
		return out.toString();
	}

	private static String removeDotSegments(String path) {
		if (!path.contains(".")) {
			return path;
		}
		boolean trailingSlash = path.endsWith("/") || path.endsWith("/.") || path.endsWith("/..");
		Deque<String> segments = new ArrayDeque<>();
		for (String segment : path.split("/")) {
			if (segment.isEmpty() || segment.equals(".")) {
				continue;
			}
			if (segment.equals("..")) {
				segments.pollLast();
			}
			else {
				segments.addLast(segment);
			}
		}
		String joined = "/" + String.join("/", segments);
		return trailingSlash && !joined.endsWith("/") ? joined + "/" : joined;
	}

	private static boolean isHex(byte b) {
		return Character.digit(b, 16) >= 0;
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	private static boolean isSubDelimOrPathChar(int c, boolean inQuery) {
		return switch (c) {
			case '!', '$', '\'', '(', ')', '*', '+', ',', ';', ':', '@' -> true;
			case '/' -> true;
			case '=', '&' -> !inQuery;
			case '?' -> inQuery;
			default -> false;
		};
	}

	private static String hex(int b) {
		return String.format(Locale.ROOT, "%02X", b);
	}

}
