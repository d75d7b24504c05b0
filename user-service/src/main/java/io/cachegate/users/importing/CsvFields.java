package io.cachegate.users.importing;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record (RFC 4180) into fields: commas separate, a field in double quotes
 * may hold commas, quotes written twice and newlines. Lenient about text after a closing
 * quote (kept), as spreadsheets write it.
 */
final class CsvFields {

	private CsvFields() {
	}

	static List<String> parse(String record) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		int n = record.length();
		for (int i = 0; i < n; i++) {
			char c = record.charAt(i);
			if (quoted) {
				if (c == '"') {
					if (i + 1 < n && record.charAt(i + 1) == '"') {
						field.append('"');
						i++;
					}
					else {
						quoted = false;
					}
				}
				else {
					field.append(c);
				}
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else if (c == '"' && field.isEmpty()) {
				quoted = true;
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString());
		return fields;
	}

}
