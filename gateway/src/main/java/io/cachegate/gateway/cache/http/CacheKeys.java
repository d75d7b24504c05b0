package io.cachegate.gateway.cache.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.springframework.http.HttpHeaders;

import io.cachegate.gateway.routing.RequestPaths;
import io.cachegate.gateway.cache.store.CacheKey;
import io.cachegate.gateway.cache.http.CacheProperties.RoutePolicy;

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
 * and sorted; each value is the header's values joined by commas, trimmed, runs of
 * whitespace collapsed to one space, case kept (so {@code gzip} and {@code GZIP} are two
 * variants: a lower hit rate, never a wrong answer); an absent header is told apart from
 * an empty one.</li>
 * </ul>
 */
public final class CacheKeys {

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
				values.append('=').append(normalizedValue(lines));
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

	/** The values joined by commas, trimmed, each run of whitespace one space. */
	static String normalizedValue(List<String> values) {
		String joined = String.join(",", values).strip();
		StringBuilder normalized = new StringBuilder(joined.length());
		boolean space = false;
		for (int i = 0; i < joined.length(); i++) {
			char c = joined.charAt(i);
			if (Character.isWhitespace(c)) {
				space = true;
				continue;
			}
			if (space) {
				normalized.append(' ');
				space = false;
			}
			normalized.append(c);
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
