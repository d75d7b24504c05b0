package io.cachegate.users.importing;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic import files for tests, so every count is known in advance. Row {@code i}
 * (from 0) is valid unless {@code i % 50} is 7 (email without '@'), 13 (birth date in the
 * future), 21 (wrong CPF check digit) or 29 (a field missing); when {@code i % 50 == 40}
 * and {@code i >= 10040} it repeats the username and email of row {@code i - 10040} (a
 * valid row in another part), so it is a duplicate. Every 97th row has a quoted city with
 * a comma, and row {@code i % 1001 == 500} a quoted city spanning two lines.
 */
final class ImportFiles {

	static final String HEADER = "id,username,email,firstName,lastName,birthDate,taxId,phone,city";

	static final String BAD_EMAIL = "email: must be an email address such as ana@example.com";

	static final String FUTURE = "birthDate: must not be in the future";

	static final String BAD_CPF = "taxId: must be a valid CPF: 11 digits or 000.000.000-00, with matching check digits";

	static final String MISSING_FIELD = "row: has 8 fields; the header has 9";

	private ImportFiles() {
	}

	static byte[] csv(String prefix, int rows) {
		StringBuilder csv = new StringBuilder(rows * 110).append(HEADER).append('\n');
		for (int i = 0; i < rows; i++) {
			csv.append(row(prefix, i)).append('\n');
		}
		return csv.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** A file of valid rows only. */
	static byte[] validCsv(String prefix, int rows) {
		StringBuilder csv = new StringBuilder(rows * 110).append(HEADER).append('\n');
		for (int i = 0; i < rows; i++) {
			csv.append(i)
				.append(',')
				.append(prefix)
				.append("v")
				.append(i)
				.append(',')
				.append(prefix)
				.append("v")
				.append(i)
				.append("@example.com,Ana,Silva,1990-05-17,529.982.247-25,+55 11 91234-5678,Recife\n");
		}
		return csv.toString().getBytes(StandardCharsets.UTF_8);
	}

	static String row(String prefix, int i) {
		int kind = i % 50;
		int keyRow = (kind == 40 && i >= 10040) ? i - 10040 : i;
		String username = prefix + "u" + keyRow;
		String email = (kind == 7) ? username + ".example.com" : username + "@example.com";
		String birthDate = (kind == 13) ? "2999-01-01" : "19" + (50 + i % 50) + "-0" + (1 + i % 9) + "-1" + (i % 10);
		String taxId = (kind == 21) ? "52998224724" : (i % 3 == 0) ? "" : "529.982.247-25";
		String city = (i % 1001 == 500) ? "\"Rio\nde Janeiro\"" : (i % 97 == 0) ? "\"São Paulo, SP\"" : "Recife";
		String row = i + "," + username + "," + email + ",Ana,\"Silva \"\"Jr\"\"\"," + birthDate + "," + taxId
				+ ",+55 11 91234-5678";
		return (kind == 29) ? row : row + "," + city;
	}

	/** Invalid rows of each kind in a file of {@code rows} rows (a multiple of 50). */
	static int invalidPerKind(int rows) {
		if (rows % 50 != 0) {
			throw new IllegalArgumentException("use a multiple of 50 rows");
		}
		return rows / 50;
	}

	static int duplicates(int rows) {
		int count = 0;
		for (int i = 10040; i < rows; i += 50) {
			count++;
		}
		return count;
	}

}
