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

	/** A decimal integer of a script's reply, read without making a string of it. */
	static long number(Object value) {
		if (value instanceof byte[] digits && digits.length > 0 && digits.length < 19) {
			boolean negative = digits[0] == '-';
			if (negative && digits.length == 1) {
				return Long.parseLong(text(value));
			}
			long number = 0;
			for (int i = negative ? 1 : 0; i < digits.length; i++) {
				int digit = digits[i] - '0';
				if (digit < 0 || digit > 9) {
					return Long.parseLong(text(value));
				}
				number = number * 10 + digit;
			}
			return negative ? -number : number;
		}
		return Long.parseLong(text(value));
	}

}
