package io.cachegate.gateway.cache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

import io.cachegate.gateway.cache.CacheProperties.RoutePolicy;

/**
 * Normalizes request targets and builds cache keys. Two requests that the origin cannot tell apart must share a
 * key, and two it can must not: the gateway forwards the normalized path itself, so the key and the origin always
 * see the same path.
 *
 * <ul>
 * <li>Path: percent-encodings upper-cased, unreserved characters decoded ({@code %7E} is {@code ~}), other bytes
 * encoded, dot segments removed, repeated slashes collapsed; a trailing slash is kept (it may name another
 * resource).</li>
 * <li>Query: the same percent normalization per name and value, parameters sorted by name; values of one name keep
 * their order, since that order can matter to the origin; empty parameters dropped.</li>
 * </ul>
 */
final class CacheKeys {

	private CacheKeys() {
	}

	/**
	 * The key of a GET (HEAD shares it) for a normalized path and query.
	 * @param role the caller's role, or null on public requests; used when the route varies by role
	 * @param requestHeaders the request's headers, for the route's vary headers
	 */
	static CacheKey key(String route, String path, String query, String role, HttpHeaders requestHeaders,
			RoutePolicy policy) {
		StringBuilder material = new StringBuilder(64 + path.length() + query.length());
		material.append(route).append(" GET ").append(path);
		if (!query.isEmpty()) {
			material.append('?').append(query);
		}
		if (policy.varyByRole()) {
			material.append(" role=").append(role == null ? "-" : role);
		}
		for (String header : policy.varyHeaders()) {
			String name = header.toLowerCase(Locale.ROOT);
			List<String> values = requestHeaders.getValuesAsList(header);
			material.append(' ').append(name).append('=').append(String.join(",", values).trim());
		}
		return CacheKey.of(route, path, material.toString());
	}

	/** The tag every entry of a path carries and every write to that path invalidates. */
	static String uriTag(String normalizedPath) {
		return "uri:" + normalizedPath;
	}

	static String normalizePath(String rawPath) {
		if (rawPath == null || rawPath.isEmpty()) {
			return "/";
		}
		String encoded = percentNormalize(rawPath, false);
		String collapsed = encoded.replaceAll("/{2,}", "/");
		String withoutDots = removeDotSegments(collapsed);
		return withoutDots.startsWith("/") ? withoutDots : "/" + withoutDots;
	}

	/**
	 * Whether {@link #normalizePath} would return the path unchanged, decided by one scan without allocating: only
	 * unreserved and allowed characters (no percent-encoding at all), no empty segment, no dot segment.
	 */
	static boolean isNormalized(String rawPath) {
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

	static String normalizeQuery(String rawQuery) {
		if (rawQuery == null || rawQuery.isEmpty()) {
			return "";
		}
		List<String[]> params = new ArrayList<>();
		for (String pair : rawQuery.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int eq = pair.indexOf('=');
			String name = percentNormalize(eq < 0 ? pair : pair.substring(0, eq), true);
			String value = eq < 0 ? null : percentNormalize(pair.substring(eq + 1), true);
			params.add(new String[] { name, value });
		}
		// List.sort is stable: values of the same name keep their order.
		params.sort(Comparator.comparing(p -> p[0]));
		StringBuilder query = new StringBuilder(rawQuery.length());
		for (String[] p : params) {
			if (query.length() > 0) {
				query.append('&');
			}
			query.append(p[0]);
			if (p[1] != null) {
				query.append('=').append(p[1]);
			}
		}
		return query.toString();
	}

	/**
	 * RFC 3986 section 6.2.2: upper-case hex in percent-encodings, decode unreserved characters, encode anything
	 * that is neither allowed nor a valid encoding (a stray {@code %} becomes {@code %25}).
	 * @param inQuery whether the text is a query name or value ({@code /} and {@code ?} allowed, delimiters kept)
	 */
	static String percentNormalize(String text, boolean inQuery) {
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
