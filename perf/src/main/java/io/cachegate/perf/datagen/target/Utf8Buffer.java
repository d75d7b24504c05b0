package io.cachegate.perf.datagen.target;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * A growable byte array that text is encoded into as UTF-8 directly. Encoding a batch
 * through a StringBuilder, then a String, then getBytes copied every byte three times and
 * was most of the CPU time of a CSV run; numbers and dates are written here without
 * making a String at all.
 */
final class Utf8Buffer {

	private byte[] bytes;

	private int length;

	Utf8Buffer(int capacity) {
		this.bytes = new byte[Math.max(16, capacity)];
	}

	byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.length);
	}

	int length() {
		return this.length;
	}

	void clear() {
		this.length = 0;
	}

	Utf8Buffer ascii(char c) {
		ensure(1);
		this.bytes[this.length++] = (byte) c;
		return this;
	}

	Utf8Buffer ascii(String text) {
		ensure(text.length());
		for (int i = 0; i < text.length(); i++) {
			this.bytes[this.length++] = (byte) text.charAt(i);
		}
		return this;
	}

	/**
	 * Appends any char, including surrogate pairs, as UTF-8; returns the index after it.
	 */
	int put(String text, int index) {
		char c = text.charAt(index);
		if (c < 0x80) {
			ensure(1);
			this.bytes[this.length++] = (byte) c;
		}
		else if (c < 0x800) {
			ensure(2);
			this.bytes[this.length++] = (byte) (0xC0 | (c >> 6));
			this.bytes[this.length++] = (byte) (0x80 | (c & 0x3F));
		}
		else if (Character.isHighSurrogate(c) && index + 1 < text.length()
				&& Character.isLowSurrogate(text.charAt(index + 1))) {
			int codePoint = Character.toCodePoint(c, text.charAt(index + 1));
			ensure(4);
			this.bytes[this.length++] = (byte) (0xF0 | (codePoint >> 18));
			this.bytes[this.length++] = (byte) (0x80 | ((codePoint >> 12) & 0x3F));
			this.bytes[this.length++] = (byte) (0x80 | ((codePoint >> 6) & 0x3F));
			this.bytes[this.length++] = (byte) (0x80 | (codePoint & 0x3F));
			return index + 2;
		}
		else {
			// Lone surrogates become '?', as String.getBytes(UTF_8) does.
			char plain = Character.isSurrogate(c) ? '?' : c;
			ensure(3);
			if (plain == '?') {
				this.bytes[this.length++] = '?';
			}
			else {
				this.bytes[this.length++] = (byte) (0xE0 | (plain >> 12));
				this.bytes[this.length++] = (byte) (0x80 | ((plain >> 6) & 0x3F));
				this.bytes[this.length++] = (byte) (0x80 | (plain & 0x3F));
			}
		}
		return index + 1;
	}

	Utf8Buffer text(String text) {
		// String.getBytes is vectorised for the common all-ASCII case; one short-lived
		// array is cheaper
		// than encoding char by char.
		byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
		ensure(encoded.length);
		System.arraycopy(encoded, 0, this.bytes, this.length, encoded.length);
		this.length += encoded.length;
		return this;
	}

	Utf8Buffer number(long value) {
		if (value == Long.MIN_VALUE) {
			return ascii(Long.toString(value));
		}
		if (value < 0) {
			ascii('-');
			value = -value;
		}
		ensure(20);
		int start = this.length;
		do {
			this.bytes[this.length++] = (byte) ('0' + (value % 10));
			value /= 10;
		}
		while (value > 0);
		for (int i = start, j = this.length - 1; i < j; i++, j--) {
			byte t = this.bytes[i];
			this.bytes[i] = this.bytes[j];
			this.bytes[j] = t;
		}
		return this;
	}

	/**
	 * ISO-8601 (yyyy-MM-dd) for years 0..9999; other years fall back to
	 * LocalDate.toString.
	 */
	Utf8Buffer date(LocalDate date) {
		int year = date.getYear();
		if (year < 0 || year > 9999) {
			return ascii(date.toString());
		}
		ensure(10);
		digits(year, 4);
		this.bytes[this.length++] = '-';
		digits(date.getMonthValue(), 2);
		this.bytes[this.length++] = '-';
		digits(date.getDayOfMonth(), 2);
		return this;
	}

	/** Appends a value as plain text: numbers without exponent, dates in ISO form. */
	Utf8Buffer value(Object value) {
		if (value instanceof Long number) {
			return number(number);
		}
		if (value instanceof Integer number) {
			return number(number);
		}
		if (value instanceof LocalDate date) {
			return date(date);
		}
		if (value instanceof BigDecimal decimal) {
			return ascii(decimal.toPlainString());
		}
		return text(value.toString());
	}

	private void digits(int value, int width) {
		for (int i = width - 1; i >= 0; i--) {
			this.bytes[this.length + i] = (byte) ('0' + value % 10);
			value /= 10;
		}
		this.length += width;
	}

	private void ensure(int more) {
		if (this.length + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
		}
	}

}
