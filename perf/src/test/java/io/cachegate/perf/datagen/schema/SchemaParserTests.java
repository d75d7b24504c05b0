package io.cachegate.perf.datagen.schema;

import java.nio.file.Path;
import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import io.cachegate.perf.datagen.generator.Dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaParserTests {

	private static Schema parse(String text) {
		return SchemaParser.parse(text, "test.toml", Path.of("."));
	}

	/** Parses and compiles, so generator-level errors surface too. */
	private static void compile(String text) {
		Dataset.compile(parse(text), 1, null, 10L);
	}

	/** Compiling the schema fails at {@code line} with a problem saying all of these. */
	private static void assertCompileRefused(String text, int line, String... problem) {
		assertRefused(() -> compile(text), line, problem);
	}

	/** Parsing the schema fails at {@code line} with a problem saying all of these. */
	private static void assertParseRefused(String text, int line, String... problem) {
		assertRefused(() -> parse(text), line, problem);
	}

	private static void assertRefused(ThrowingCallable schema, int line, String... problem) {
		assertThatThrownBy(schema).isInstanceOfSatisfying(SchemaException.class, (ex) -> {
			assertThat(ex.line()).isEqualTo(line);
			assertThat(ex.problem()).contains(problem);
		});
	}

	@Test
	void readsTheBundledUsersSchemaWithFieldsInFileOrder() {
		Schema schema = SchemaParser.parse(Path.of("schemas/users.toml"));
		EntitySpec users = schema.entity(null);
		assertThat(users.name()).isEqualTo("users");
		assertThat(users.table()).isEqualTo("users.users");
		assertThat(users.fields()).extracting(FieldSpec::name)
			.containsExactly("id", "username", "email", "firstName", "lastName", "birthDate", "taxId", "phone", "city");
		assertThat(users.fields()).extracting(FieldSpec::column)
			.containsExactly("id", "username", "email", "first_name", "last_name", "birth_date", "tax_id", "phone",
					"city");
		assertThat(schema.run().seed()).isEqualTo(42L);
	}

	@Test
	void readsTheImportSchema() {
		Schema schema = SchemaParser.parse(Path.of("schemas/users-import.toml"));
		Dataset.compile(schema, 1, null, 10L);
		assertThat(schema.entity(null).fields()).hasSize(9);
	}

	@Test
	void reportsTheLineOfATomlSyntaxError() {
		String text = """
				[entities.users.fields.id]
				generator = "sequence"
				start = = 1
				""";
		assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(SchemaException.class, (ex) -> {
			assertThat(ex.line()).isEqualTo(3);
			assertThat(ex.getMessage()).startsWith("test.toml:3: not valid TOML");
		});
	}

	@Test
	void reportsTheLineOfAnUnknownGenerator() {
		String text = """
				[entities.users]
				rows = 3

				[entities.users.fields.id]
				generator = "sequense"
				""";
		assertCompileRefused(text, 5, "unknown generator 'sequense'", "sequence");
	}

	@Test
	void reportsTheLineOfAMisspeltParameter() {
		String text = """
				[entities.users.fields.id]
				generator = "sequence"
				start = 1
				stpe = 2
				""";
		assertCompileRefused(text, 4, "unknown key 'stpe'", "step");
	}

	@Test
	void reportsTheLineOfAWronglyTypedValueInAnInlineTable() {
		String text = """
				[entities.users.fields]
				id = { generator = "sequence" }
				age = { generator = "int", min = "ten", max = 90 }
				""";
		assertCompileRefused(text, 3, "'min' must be an integer");
	}

	@Test
	void reportsATemplateNamingAMissingField() {
		String text = """
				[entities.users.fields.first]
				generator = "dictionary"
				dictionary = "first_names"

				[entities.users.fields.email]
				generator = "derived"
				template = "{frist}@example.com"
				""";
		assertCompileRefused(text, 7, "'frist' is not a field of entity 'users'");
	}

	@Test
	void reportsFieldsThatDependOnEachOtherInACircle() {
		String text = """
				[entities.t.fields.a]
				generator = "derived"
				template = "{b}"

				[entities.t.fields.b]
				generator = "derived"
				template = "{a}"
				""";
		assertCompileRefused(text, 1, "circle");
	}

	@Test
	void reportsAnUnreadableRuleCondition() {
		String text = """
				[entities.p.fields.age]
				generator = "int"
				min = 0
				max = 90

				[entities.p.fields.licence]
				generator = "enum"
				values = ["A", "B"]
				rules = [
				  { when = "age is small", null = true },
				]
				""";
		assertCompileRefused(text, 9, "cannot read 'age is small'");
	}

	@Test
	void reportsAnUnknownTopLevelTableAndAMissingEntity() {
		assertParseRefused("""
				[entities.t.fields.a]
				generator = "uuid"

				[entitys.t]
				rows = 1
				""", 4, "unknown key 'entitys'");
		assertThatThrownBy(() -> parse("[run]\nseed = 1\n")).isInstanceOf(SchemaException.class)
			.hasMessageContaining("no entities");
	}

	@Test
	void reportsARangeTheWrongWayRound() {
		String text = """
				[entities.t.fields.a]
				generator = "int"
				min = 10
				max = 1
				""";
		assertCompileRefused(text, 4, "'max' (1) is below 'min' (10)");
	}

	@Test
	void locatesKeysUnderTablesAndDottedKeys() {
		SourceLocator locator = new SourceLocator("""
				# comment
				[a.b]
				x = 1
				"quoted.key" = 2
				c.d = { e = 3 }
				[[list]]
				y = 4
				""");
		assertThat(locator.line(List.of("a", "b"))).isEqualTo(2);
		assertThat(locator.line(List.of("a", "b", "x"))).isEqualTo(3);
		assertThat(locator.line(List.of("a", "b", "quoted.key"))).isEqualTo(4);
		assertThat(locator.line(List.of("a", "b", "c", "d", "e"))).isEqualTo(5);
		assertThat(locator.line(List.of("list", "y"))).isEqualTo(7);
		assertThat(locator.line(List.of("nowhere"))).isZero();
	}

	@Test
	void convertsCamelCaseNamesToSnakeCaseColumns() {
		assertThat(SchemaParser.snakeCase("birthDate")).isEqualTo("birth_date");
		assertThat(SchemaParser.snakeCase("id")).isEqualTo("id");
	}

}
