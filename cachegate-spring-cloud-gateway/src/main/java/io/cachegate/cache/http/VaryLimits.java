package io.cachegate.cache.http;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.http.HttpHeaders;

/**
 * What an answer may vary on here. {@code Vary: *} (no request can be told to select it)
 * and a {@code Vary} on the credentials or on what the gateway itself sets on requests
 * (its key would hold a token or be one per request): not stored. Any other header makes
 * the answer one variant of its URL ({@link CacheKeys#forAnswer}).
 */
final class VaryLimits {

	/**
	 * Request headers an answer may not vary on here: the credentials, and what the
	 * gateway sets on every request it forwards ({@code X-User-*} too).
	 */
	private static final Set<String> NOT_VARIED_ON = Set.of("authorization", "proxy-authorization", "cookie",
			"x-request-id");

	private VaryLimits() {
	}

	/**
	 * {@code "vary"} when the answer's {@code Vary} keeps it from being stored, else
	 * null.
	 */
	static String problem(HttpHeaders headers) {
		List<String> lines = headers.get(HttpHeaders.VARY);
		if (lines == null) {
			return null;
		}
		for (String line : lines) {
			for (String name : line.split(",")) {
				String lower = name.trim().toLowerCase(Locale.ROOT);
				if (lower.equals("*") || NOT_VARIED_ON.contains(lower) || lower.startsWith("x-user-")) {
					return "vary";
				}
			}
		}
		return null;
	}

}
