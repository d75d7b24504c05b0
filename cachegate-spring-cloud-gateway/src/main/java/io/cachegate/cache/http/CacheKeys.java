package io.cachegate.cache.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.http.HttpHeaders;

import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.web.RequestPaths;

/**
 * Normalizes request targets and builds cache keys. Two requests that the origin cannot
 * tell apart must share a key, and two it can must not: the gateway forwards the
 * normalized path itself, so the key and the origin always see the same path.
 *
 * <ul>
 * <li>Path: as {@link RequestPaths} normalizes it (the request arrives here with that
 * path already).</li>
 * <li>Query: the same percent normalization per name and value, parameters sorted by
 * name; values of one name keep their order, since that order can matter to the origin;
 * empty parameters dropped.</li>
 * <li>Variants (RFC 9111 section 4.1): the values of the request headers an answer's
 * {@code Vary} names, beyond the route's {@code vary-headers}, with the names lower case
 * and sorted; each value is the header's field lines as one list, members trimmed and in
 * their order, runs of white space in a member one space, lower case where the field's
 * values are case-insensitive ({@code Accept-Encoding}, {@code Accept-Charset},
 * {@code Accept-Language}), case kept elsewhere (a lower hit rate, never a wrong answer);
 * an absent header is told apart from an empty one.</li>
 * </ul>
 */
public final class CacheKeys {

	/**
	 * Request fields whose values are case-insensitive tokens (content codings, charsets,
	 * language tags: RFC 9110 sections 12.5.2 to 12.5.4), so {@code GZIP} and
	 * {@code gzip} select one variant. {@code Accept} keeps its case: media type
	 * parameters may be case-sensitive.
	 */
	private static final Set<String> CASE_INSENSITIVE_VALUES = Set.of("accept-encoding", "accept-charset",
			"accept-language");

	private CacheKeys() {
	}

	/**
	 * The key of a GET (HEAD shares it) for a normalized path and query.
	 * @param role the caller's role, or null on public requests; used when the route
	 * varies by role
	 * @param requestHeaders the request's headers, for the route's vary headers
	 */
	public static CacheKey key(String route, String path, String query, String role, HttpHeaders requestHeaders,
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
		CacheKey url = CacheKey.of(route, policy.buckets(), path, material.toString());
		return variant(url, VaryHints.names(url.varyRecordKey()), requestHeaders);
	}

	/**
	 * The key of the variant of {@code key}'s URL that a request with these headers
	 * selects when the URL varies on {@code varyNames} (empty: the URL's own key).
	 */
	public static CacheKey variant(CacheKey key, String varyNames, HttpHeaders requestHeaders) {
		if (varyNames.equals(key.varyNames())) {
			return key;
		}
		StringBuilder values = new StringBuilder();
		for (String name : varyNames.split(",")) {
			if (name.isEmpty()) {
				continue;
			}
			List<String> lines = requestHeaders.get(name);
			values.append(" ~").append(name);
			if (lines != null) {
				values.append('=').append(normalizedValue(name, lines));
			}
		}
		return CacheKey.variant(key, varyNames, values.toString());
	}

	/**
	 * The key an answer is stored under: the variant its {@code Vary} selects for the
	 * request (the URL's own key when it varies on nothing beyond the route's
	 * {@code vary-headers}). Remembered for the next lookups of the URL.
	 */
	public static CacheKey forAnswer(CacheKey looked, HttpHeaders answer, HttpHeaders requestHeaders,
			RoutePolicy policy) {
		String names = varyNames(answer, policy);
		VaryHints.remember(looked.varyRecordKey(), names);
		return variant(looked, names, requestHeaders);
	}

	/**
	 * A lookup found the URL varying on {@code varyNames}: the key to look up instead,
	 * and the names remembered for the next lookups.
	 */
	public static CacheKey varying(CacheKey looked, String varyNames, HttpHeaders requestHeaders) {
		VaryHints.remember(looked.varyRecordKey(), varyNames);
		return variant(looked, varyNames, requestHeaders);
	}

	/**
	 * The request header names an answer's {@code Vary} names beyond the route's
	 * {@code vary-headers} (whose values are in every key of the route already): lower
	 * case, sorted, comma separated; empty when none.
	 */
	public static String varyNames(HttpHeaders answer, RoutePolicy policy) {
		List<String> lines = answer.get(HttpHeaders.VARY);
		if (lines == null) {
			return "";
		}
		TreeSet<String> names = new TreeSet<>();
		for (String line : lines) {
			for (String name : line.split(",")) {
				String lower = name.strip().toLowerCase(Locale.ROOT);
				if (!lower.isEmpty() && policy.varyHeaders().stream().noneMatch(lower::equalsIgnoreCase)) {
					names.add(lower);
				}
			}
		}
		return String.join(",", names);
	}

	/**
	 * A request header's value as a variant's key holds it: its field lines taken as one
	 * list (RFC 9110 section 5.3), each member trimmed, empty members dropped, each run
	 * of white space inside a member one space, members in their order (an order can
	 * carry meaning), quoted strings as they are; lower case for the fields whose values
	 * are case-insensitive tokens.
	 * @param name the header's name, lower case
	 */
	static String normalizedValue(String name, List<String> lines) {
		boolean lowerCase = CASE_INSENSITIVE_VALUES.contains(name);
		StringBuilder normalized = new StringBuilder();
		boolean inMember = false;
		boolean separator = false;
		boolean space = false;
		boolean quoted = false;
		for (String line : lines) {
			// A new field line is a new member.
			inMember = false;
			space = false;
			for (int i = 0; i < line.length(); i++) {
				char c = line.charAt(i);
				if (quoted) {
					normalized.append(c);
					if (c == '\\' && i + 1 < line.length()) {
						normalized.append(line.charAt(++i));
					}
					else if (c == '"') {
						quoted = false;
					}
					continue;
				}
				if (c == ',') {
					inMember = false;
					space = false;
					continue;
				}
				if (c == ' ' || c == '\t') {
					space = inMember;
					continue;
				}
				if (!inMember) {
					if (separator) {
						normalized.append(',');
					}
					inMember = true;
					separator = true;
				}
				else if (space) {
					normalized.append(' ');
				}
				space = false;
				quoted = c == '"';
				normalized.append(lowerCase ? Character.toLowerCase(c) : c);
			}
			quoted = false;
		}
		return normalized.toString();
	}

	/** The tag every entry of a path carries and every write to that path invalidates. */
	public static String uriTag(String normalizedPath) {
		return "uri:" + normalizedPath;
	}

	/** The path as {@link RequestPaths} normalizes it for routing and forwarding too. */
	public static String normalizePath(String rawPath) {
		return RequestPaths.normalize(rawPath);
	}

	/**
	 * Whether {@link #normalizePath} would return the path unchanged
	 * ({@link RequestPaths#isNormalized}).
	 */
	public static boolean isNormalized(String rawPath) {
		return RequestPaths.isNormalized(rawPath);
	}

	public static String normalizeQuery(String rawQuery) {
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

	static String percentNormalize(String text, boolean inQuery) {
		return RequestPaths.percentNormalize(text, inQuery);
	}

}
