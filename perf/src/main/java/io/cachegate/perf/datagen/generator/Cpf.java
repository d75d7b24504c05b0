package io.cachegate.perf.datagen.generator;

/**
 * Brazilian taxpayer numbers (CPF): nine digits and two check digits, each a weighted sum
 * modulo 11. The user-service validates them the same way, so invalid ones are a
 * realistic import failure.
 */
public final class Cpf {

	private Cpf() {
	}

	/**
	 * Whether {@code digits} is eleven digits, not all equal, with both check digits
	 * right.
	 */
	public static boolean isValid(String digits) {
		if (digits == null || digits.length() != 11) {
			return false;
		}
		int[] d = new int[11];
		boolean allEqual = true;
		for (int i = 0; i < 11; i++) {
			char c = digits.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
			d[i] = c - '0';
			allEqual &= d[i] == d[0];
		}
		return !allEqual && d[9] == checkDigit(d, 9) && d[10] == checkDigit(d, 10);
	}

	/**
	 * Eleven digits: valid, or with a wrong second check digit when {@code valid} is
	 * false.
	 */
	static String generate(RowRandom random, boolean valid) {
		int[] d = new int[11];
		boolean allEqual;
		do {
			allEqual = true;
			for (int i = 0; i < 9; i++) {
				d[i] = random.nextInt(10);
				allEqual &= d[i] == d[0];
			}
		}
		while (allEqual);
		d[9] = checkDigit(d, 9);
		d[10] = checkDigit(d, 10);
		if (!valid) {
			d[10] = (d[10] + 1 + random.nextInt(9)) % 10;
		}
		char[] chars = new char[11];
		for (int i = 0; i < 11; i++) {
			chars[i] = (char) ('0' + d[i]);
		}
		return new String(chars);
	}

	/**
	 * The check digit at {@code position} (9 or 10) over the digits before it, weights
	 * counting down to 2.
	 */
	private static int checkDigit(int[] d, int position) {
		int sum = 0;
		for (int i = 0; i < position; i++) {
			sum += d[i] * (position + 1 - i);
		}
		int remainder = sum % 11;
		return (remainder < 2) ? 0 : 11 - remainder;
	}

	static String format(String digits) {
		return digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6, 9) + "-"
				+ digits.substring(9);
	}

}
