package io.cachegate.users.user;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Brazilian taxpayer number (CPF): eleven digits, the last two check digits computed
 * modulo 11 from the first nine and ten. Accepted written plain ({@code 52998224725}) or
 * formatted ({@code 529.982.247-25}); stored plain.
 */
public final class Cpf {

	private static final Pattern PLAIN = Pattern.compile("\\d{11}");

	private static final Pattern FORMATTED = Pattern.compile("\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}");

	private Cpf() {
	}

	/**
	 * Normalizes and checks a CPF.
	 * @param input the CPF as the client wrote it
	 * @return the eleven digits when the input is a valid CPF, else empty
	 */
	public static Optional<String> normalize(String input) {
		if (input == null) {
			return Optional.empty();
		}
		String digits;
		if (PLAIN.matcher(input).matches()) {
			digits = input;
		}
		else if (FORMATTED.matcher(input).matches()) {
			digits = input.replace(".", "").replace("-", "");
		}
		else {
			return Optional.empty();
		}
		return hasValidCheckDigits(digits) ? Optional.of(digits) : Optional.empty();
	}

	/**
	 * Whether the input is a valid CPF, plain or formatted.
	 * @param input the CPF as the client wrote it
	 * @return {@code true} when it is well formed and its check digits match
	 */
	public static boolean isValid(String input) {
		return normalize(input).isPresent();
	}

	private static boolean hasValidCheckDigits(String digits) {
		// Numbers of one repeated digit pass the arithmetic but are not issued; the
		// Receita Federal rejects them.
		if (digits.chars().distinct().count() == 1) {
			return false;
		}
		return checkDigit(digits, 9) == digits.charAt(9) - '0' && checkDigit(digits, 10) == digits.charAt(10) - '0';
	}

	private static int checkDigit(String digits, int length) {
		int sum = 0;
		for (int i = 0; i < length; i++) {
			sum += (digits.charAt(i) - '0') * (length + 1 - i);
		}
		int remainder = (sum * 10) % 11;
		return (remainder == 10) ? 0 : remainder;
	}

}
