package io.cachegate.cache.store;

import java.nio.charset.StandardCharsets;

/**
 * The cache scripts' arguments and replies as text: arguments go to Redis as UTF-8 bytes,
 * and a reply element is bytes (bulk strings) or a number.
 */
final class ScriptValues {

	private ScriptValues() {
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	static String text(Object value) {
		if (value instanceof byte[] b) {
			return new String(b, StandardCharsets.UTF_8);
		}
		return String.valueOf(value);
	}

}
