package io.cachegate.users.importing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The columns of an import, in file order, each a user field ({@code username},
 * {@code firstName}...) or {@link #IGNORED}. Column names match ignoring case, {@code _},
 * {@code -} and blanks, so {@code first_name}, {@code firstName} and {@code First Name}
 * are the same column. An {@code id} column is accepted and ignored: the data generator
 * writes one, and an import assigns its own ids.
 *
 * @param fields the field of each column
 */
record ImportColumns(List<String> fields) {

	/** A column that is read but not used. */
	static final String IGNORED = "";

	static final List<String> REQUIRED = List.of("username", "email", "firstName", "lastName", "birthDate");

	static final List<String> OPTIONAL = List.of("taxId", "phone", "city");

	private static final Map<String, String> BY_KEY = byKey();

	ImportColumns {
		fields = List.copyOf(fields);
	}

	/**
	 * Reads a CSV header row.
	 * @param header the first record
	 * @return the columns
	 * @throws ImportRejectedException naming unknown, missing and repeated columns
	 */
	static ImportColumns ofCsvHeader(String header) {
		return of(CsvFields.parse(header));
	}

	/**
	 * Checks column (or JSON member) names.
	 * @param names the names, in order
	 * @return the columns
	 * @throws ImportRejectedException naming unknown, missing and repeated columns
	 */
	static ImportColumns of(List<String> names) {
		List<String> fields = new ArrayList<>(names.size());
		List<String> unknown = new ArrayList<>();
		List<String> repeated = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		for (String name : names) {
			String field = field(name);
			if (field == null) {
				unknown.add(name.strip());
			}
			else if (!seen.add(field)) {
				repeated.add(name.strip());
			}
			fields.add((field != null) ? field : IGNORED);
		}
		List<String> missing = REQUIRED.stream().filter((field) -> !seen.contains(field)).toList();
		if (!unknown.isEmpty() || !missing.isEmpty() || !repeated.isEmpty()) {
			List<String> accepted = new ArrayList<>(REQUIRED);
			accepted.addAll(OPTIONAL);
			accepted.add("id (ignored)");
			throw ImportRejectedException.header(unknown, missing, repeated, accepted);
		}
		return new ImportColumns(fields);
	}

	/**
	 * The user field a column or member name stands for.
	 * @param name the name as written
	 * @return the field, {@link #IGNORED} for {@code id}, or {@code null} when it is not
	 * a user field
	 */
	static String field(String name) {
		StringBuilder key = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c != '_' && c != '-' && !Character.isWhitespace(c) && c != '\uFEFF') {
				key.append(c);
			}
		}
		return BY_KEY.get(key.toString().toLowerCase(Locale.ROOT));
	}

	int size() {
		return this.fields.size();
	}

	private static Map<String, String> byKey() {
		Map<String, String> keys = new LinkedHashMap<>();
		REQUIRED.forEach((field) -> keys.put(field.toLowerCase(Locale.ROOT), field));
		OPTIONAL.forEach((field) -> keys.put(field.toLowerCase(Locale.ROOT), field));
		keys.put("id", IGNORED);
		return Map.copyOf(keys);
	}

}
