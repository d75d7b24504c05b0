package io.cachegate.gateway.cache.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

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
		return CacheKey.of(route, path, material.toString());
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
