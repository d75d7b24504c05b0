package io.cachegate.users.importing;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.cachegate.support.problem.FieldViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportColumnsTests {

	@Test
	void acceptsFieldNamesInAnyCaseAndSeparatorStyle() {
		ImportColumns columns = ImportColumns
			.ofCsvHeader("ID,Username,e-mail,first_name,LAST NAME,birthDate,tax_id,city");
		assertThat(columns.fields()).containsExactly("", "username", "email", "firstName", "lastName", "birthDate",
				"taxId", "city");
	}

	@Test
	void namesUnknownMissingAndRepeatedColumns() {
		assertThatThrownBy(() -> ImportColumns.ofCsvHeader("username,email,email,nick,firstName"))
			.isInstanceOfSatisfying(ImportRejectedException.class, (ex) -> {
				assertThat(ex.toProblemDetail().getProperties()).containsEntry("unknownColumns", List.of("nick"))
					.containsEntry("missingColumns", List.of("lastName", "birthDate"));
				assertThat(ex.getMessage()).contains("repeated: email");
			});
	}

	@Test
	void splitsQuotedCsvFields() {
		assertThat(CsvFields.parse("a,\"b,c\",\"d \"\"e\"\"\",,\"f\ng\"")).containsExactly("a", "b,c", "d \"e\"", "",
				"f\ng");
		assertThat(CsvFields.parse("")).containsExactly("");
	}

	@Test
	void rowReaderReportsShapeProblems() {
		RowReader reader = new RowReader(ImportFormat.CSV, ImportColumns.ofCsvHeader(ImportFiles.HEADER), null);
		assertThat(reader.read("1,ana,ana@example.com,Ana,Silva,1990-01-01,,,Recife").username()).isEqualTo("ana");
		assertThatThrownBy(() -> reader.read("1,ana")).isInstanceOfSatisfying(RowReader.RowShapeException.class,
				(ex) -> assertThat(ex.violation())
					.isEqualTo(new FieldViolation("row", "has 2 fields; the header has 9")));
	}

}
