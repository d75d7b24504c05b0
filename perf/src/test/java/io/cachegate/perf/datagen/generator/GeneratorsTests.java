package io.cachegate.perf.datagen.generator;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cachegate.perf.datagen.schema.SchemaParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

class GeneratorsTests {

	@TempDir
	Path directory;

	private EntityGenerator entity(String fields) {
		return entity(fields, 1000);
	}

	private EntityGenerator entity(String fields, long rows) {
		return Dataset.compile(SchemaParser.parse(fields, "test.toml", this.directory), 42, null, rows)
			.entity(SchemaParser.parse(fields, "test.toml", this.directory).entity(null).name());
	}

	private static List<Object> column(EntityGenerator entity, int column, int rows) {
		List<Object> values = new ArrayList<>();
		for (int i = 0; i < rows; i++) {
			values.add(entity.row(i)[column]);
		}
		return values;
	}

	@Test
	void sequenceCountsFromStartByStep() {
		EntityGenerator entity = entity("""
				[entities.t.fields.id]
				generator = "sequence"
				start = 100
				step = 5
				""");
		assertThat(column(entity, 0, 4)).containsExactly(100L, 105L, 110L, 115L);
		assertThat(entity.row(1_000_000)[0]).isEqualTo(5_000_100L);
	}

	@Test
	void counterStartsAgainEveryResetEveryRows() {
		EntityGenerator entity = entity("""
				[entities.t.fields.line]
				generator = "counter"
				start = 1
				step = 1
				reset_every = 3
				""");
		assertThat(column(entity, 0, 7)).containsExactly(1L, 2L, 3L, 1L, 2L, 3L, 1L);
	}

	@Test
	void uuidsAreVersion4UniqueAndTheSameForTheSameSeed() {
		String schema = """
				[entities.t.fields.id]
				generator = "uuid"
				""";
		List<Object> first = column(entity(schema), 0, 2000);
		assertThat(first).doesNotHaveDuplicates();
		assertThat(UUID.fromString((String) first.get(0)).version()).isEqualTo(4);
		assertThat(UUID.fromString((String) first.get(0)).variant()).isEqualTo(2);
		assertThat(column(entity(schema), 0, 2000)).isEqualTo(first);
		EntityGenerator otherSeed = Dataset.compile(SchemaParser.parse(schema, "t", this.directory), 43, null, 10L)
			.entity("t");
		assertThat(otherSeed.row(0)[0]).isNotEqualTo(first.get(0));
	}

	@Test
	void intsStayInTheirRangeAndReachBothEnds() {
		List<Object> values = column(entity("""
				[entities.t.fields.n]
				generator = "int"
				min = -3
				max = 3
				"""), 0, 5000);
		assertThat(values).allSatisfy((value) -> assertThat((Long) value).isBetween(-3L, 3L));
		assertThat(new HashSet<>(values)).hasSize(7);
	}

	@Test
	void decimalsHaveTheScaleAndStayInRange() {
		List<Object> values = column(entity("""
				[entities.t.fields.price]
				generator = "decimal"
				min = 1.5
				max = 99.99
				scale = 2
				"""), 0, 2000);
		assertThat(values).allSatisfy((value) -> {
			BigDecimal decimal = (BigDecimal) value;
			assertThat(decimal.scale()).isEqualTo(2);
			assertThat(decimal).isBetween(new BigDecimal("1.50"), new BigDecimal("99.99"));
		});
	}

	@Test
	void patternsProduceMatchingStrings() {
		EntityGenerator entity = entity("""
				[entities.t.fields.code]
				generator = "pattern"
				pattern = '[A-Z]{3}-\\d{4}'

				[entities.t.fields.plate]
				generator = "pattern"
				pattern = '(BR|AR)-[0-9A-F]{2,4}x?\\.'
				""");
		for (int i = 0; i < 500; i++) {
			Object[] row = entity.row(i);
			assertThat((String) row[0]).matches("[A-Z]{3}-\\d{4}");
			assertThat((String) row[1]).matches("(BR|AR)-[0-9A-F]{2,4}x?\\.");
		}
	}

	@Test
	void patternsReportWhatTheyDoNotUnderstand() {
		assertThat(catchThrowable(() -> StringPattern.compile("[A-Z"))).hasMessageContaining("missing ']'");
		assertThat(catchThrowable(() -> StringPattern.compile("\\q"))).hasMessageContaining("unknown escape \\q");
		assertThat(catchThrowable(() -> StringPattern.compile("a{3,1}"))).hasMessageContaining("needs 0 <= n <= m");
	}

	@Test
	void dictionariesPickBundledWordsOrWordsFromAFile() throws IOException {
		Files.writeString(this.directory.resolve("colours.txt"), "# colours\nred\n\ngreen\nblue\n");
		EntityGenerator entity = entity("""
				[entities.t.fields.first]
				generator = "dictionary"
				dictionary = "first_names"

				[entities.t.fields.colour]
				generator = "dictionary"
				file = "colours.txt"
				""");
		List<Object> names = column(entity, 0, 3000);
		assertThat(names).contains("João", "Maria", "Olivia");
		assertThat(new HashSet<>(column(entity, 1, 300))).containsExactlyInAnyOrder("red", "green", "blue");
	}

	@Test
	void enumsFollowTheirWeights() {
		List<Object> values = column(entity("""
				[entities.t.fields.role]
				generator = "enum"
				values = ["USER", "MANAGER", "ADMIN"]
				weights = [90, 9, 1]
				"""), 0, 20_000);
		Map<Object, Integer> counts = counts(values);
		assertThat(counts.get("USER") / 20_000.0).isCloseTo(0.90, within(0.01));
		assertThat(counts.get("MANAGER") / 20_000.0).isCloseTo(0.09, within(0.01));
		assertThat(counts.get("ADMIN") / 20_000.0).isCloseTo(0.01, within(0.004));
	}

	@Test
	void derivedFieldsAreBuiltFromOtherFieldsFoldedAndUnique() {
		EntityGenerator entity = entity("""
				[entities.t.fields.email]
				generator = "derived"
				template = "{first}.{last}.{row}@example.com"
				slug = true

				[entities.t.fields.first]
				generator = "enum"
				values = ["João Pedro"]

				[entities.t.fields.last]
				generator = "enum"
				values = ["D'Ávila"]

				[entities.t.fields.short]
				generator = "derived"
				template = "{first}-{index}"
				lowercase = true
				max_length = 6
				""");
		assertThat(entity.row(0)).containsExactly("joaopedro.davila.1@example.com", "João Pedro", "D'Ávila", "joão p");
		assertThat(column(entity, 0, 1000)).doesNotHaveDuplicates();
	}

	@Test
	void invalidShareBreaksThatShareOfDerivedEmails() {
		List<Object> values = column(entity("""
				[entities.t.fields.email]
				generator = "derived"
				template = "user{row}@example.com"
				invalid_share = 0.1
				"""), 0, 10_000);
		long broken = values.stream().filter((value) -> !((String) value).contains("@")).count();
		assertThat(broken / 10_000.0).isCloseTo(0.1, within(0.015));
	}

	@Test
	void datesStayInTheirRange() {
		List<Object> values = column(entity("""
				[entities.t.fields.day]
				generator = "date"
				min = "2024-02-01"
				max = "2024-02-29"
				"""), 0, 2000);
		assertThat(values).allSatisfy((value) -> assertThat((LocalDate) value).isBetween(LocalDate.of(2024, 2, 1),
				LocalDate.of(2024, 2, 29)));
		assertThat(new HashSet<>(values)).hasSize(29);
	}

	@Test
	void birthDatesFollowTheAgeDistributionOnTheReferenceDate() {
		LocalDate reference = LocalDate.of(2025, 1, 1);
		List<Object> values = column(entity("""
				[entities.t.fields.born]
				generator = "birth_date"
				reference_date = "2025-01-01"
				min_age = 18
				max_age = 80
				mean = 40
				stddev = 10
				"""), 0, 20_000);
		double sum = 0;
		for (Object value : values) {
			int age = Period.between((LocalDate) value, reference).getYears();
			assertThat(age).isBetween(18, 80);
			sum += age;
		}
		assertThat(sum / values.size()).isCloseTo(40, within(0.5));
	}

	@Test
	void birthDatesCanFollowAnAgeFieldAndIncludeFutureDates() {
		LocalDate reference = LocalDate.of(2025, 1, 1);
		EntityGenerator entity = entity("""
				[entities.t.fields.age]
				generator = "int"
				min = 0
				max = 99
				emit = false

				[entities.t.fields.born]
				generator = "birth_date"
				reference_date = "2025-01-01"
				age_field = "age"
				future_share = 0.05
				""");
		assertThat(entity.columns()).extracting(Column::name).containsExactly("born");
		int future = 0;
		for (int i = 0; i < 10_000; i++) {
			LocalDate born = (LocalDate) entity.row(i)[0];
			if (born.isAfter(reference)) {
				future++;
			}
			else {
				long age = (Long) entity.valueOf(i, 0);
				assertThat(Period.between(born, reference).getYears()).isEqualTo((int) age);
			}
		}
		assertThat(future / 10_000.0).isCloseTo(0.05, within(0.01));
	}

	@Test
	void cpfsHaveValidCheckDigitsExceptTheInvalidShare() {
		EntityGenerator valid = entity("""
				[entities.t.fields.cpf]
				generator = "cpf"
				""");
		assertThat(column(valid, 0, 5000)).allSatisfy((value) -> assertThat(Cpf.isValid((String) value)).isTrue());
		List<Object> mixed = column(entity("""
				[entities.t.fields.cpf]
				generator = "cpf"
				invalid_share = 0.2
				"""), 0, 10_000);
		long invalid = mixed.stream().filter((value) -> !Cpf.isValid((String) value)).count();
		assertThat(invalid / 10_000.0).isCloseTo(0.2, within(0.015));
		assertThat(mixed).allSatisfy((value) -> assertThat((String) value).matches("\\d{11}"));
		assertThat((String) entity("""
				[entities.t.fields.cpf]
				generator = "cpf"
				formatted = true
				""").row(0)[0]).matches("\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}");
	}

	@Test
	void cpfValidationKnowsAPublishedExample() {
		// Check digits worked by hand: 529.982.247-25 is the usual textbook example.
		assertThat(Cpf.isValid("52998224725")).isTrue();
		assertThat(Cpf.isValid("52998224724")).isFalse();
		assertThat(Cpf.isValid("11111111111")).isFalse();
	}

	@Test
	void phonesAreBrazilianNumbersInTheChosenFormat() {
		EntityGenerator entity = entity("""
				[entities.t.fields.e164]
				generator = "phone"

				[entities.t.fields.national]
				generator = "phone"
				format = "national"
				mobile_share = 1.0

				[entities.t.fields.international]
				generator = "phone"
				format = "international"
				mobile_share = 0.0
				""");
		for (int i = 0; i < 500; i++) {
			Object[] row = entity.row(i);
			assertThat((String) row[0]).matches("\\+55[1-9][1-9](9[6-9]\\d{7}|[2-5]\\d{7})");
			assertThat((String) row[1]).matches("\\([1-9][1-9]\\) 9[6-9]\\d{3}-\\d{4}");
			assertThat((String) row[2]).matches("\\+55 [1-9][1-9] [2-5]\\d{3}-\\d{4}");
		}
	}

	@Test
	void booleansAndConstants() {
		EntityGenerator entity = entity("""
				[entities.t.fields.active]
				generator = "boolean"
				true_share = 0.25

				[entities.t.fields.country]
				generator = "constant"
				value = "BR"
				""");
		long trues = column(entity, 0, 10_000).stream().filter(Boolean.TRUE::equals).count();
		assertThat(trues / 10_000.0).isCloseTo(0.25, within(0.015));
		assertThat(column(entity, 1, 10)).containsOnly("BR");
	}

	@Test
	void nullShareBlanksThatShareWithoutChangingTheOtherValues() {
		String without = """
				[entities.t.fields.n]
				generator = "int"
				min = 0
				max = 1000000
				""";
		List<Object> plain = column(entity(without), 0, 10_000);
		List<Object> withNulls = column(entity(without + "null_share = 0.3\n"), 0, 10_000);
		long nulls = withNulls.stream().filter((value) -> value == null).count();
		assertThat(nulls / 10_000.0).isCloseTo(0.3, within(0.015));
		for (int i = 0; i < plain.size(); i++) {
			if (withNulls.get(i) != null) {
				assertThat(withNulls.get(i)).isEqualTo(plain.get(i));
			}
		}
	}

	@Test
	void duplicateShareRepeatsValuesOfEarlierRows() {
		List<Object> values = column(entity("""
				[entities.t.fields.email]
				generator = "derived"
				template = "user{row}@example.com"
				duplicate_share = 0.1
				"""), 0, 10_000);
		long duplicates = values.size() - new HashSet<>(values).size();
		assertThat(duplicates / 10_000.0).isCloseTo(0.1, within(0.015));
	}

	@Test
	void referencesPointAtKeysTheOtherEntityGenerates() {
		String schema = """
				[entities.orders]
				rows = 5000

				[entities.orders.fields.id]
				generator = "sequence"

				[entities.orders.fields.user]
				generator = "reference"
				entity = "users"

				[entities.orders.fields.userEmail]
				generator = "reference"
				entity = "users"
				field = "email"

				[entities.users]
				rows = 50

				[entities.users.fields.id]
				generator = "sequence"
				start = 1000

				[entities.users.fields.email]
				generator = "derived"
				template = "u{row}@example.com"
				""";
		Dataset dataset = Dataset.compile(SchemaParser.parse(schema, "t", this.directory), 42, "orders", 5000L);
		EntityGenerator users = dataset.entity("users");
		Set<Object> ids = new HashSet<>();
		Set<Object> emails = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			ids.add(users.row(i)[0]);
			emails.add(users.row(i)[1]);
		}
		List<Object> referenced = new ArrayList<>();
		EntityGenerator orders = dataset.entity("orders");
		for (int i = 0; i < 5000; i++) {
			Object[] row = orders.row(i);
			assertThat(ids).contains(row[1]);
			assertThat(emails).contains(row[2]);
			referenced.add(row[1]);
		}
		assertThat(new HashSet<>(referenced)).isEqualTo(ids);
	}

	@Test
	void rulesReplaceValuesWhenTheirConditionHolds() {
		EntityGenerator entity = entity("""
				[entities.people.fields.age]
				generator = "int"
				min = 10
				max = 30

				[entities.people.fields.licence]
				generator = "enum"
				values = ["A", "B"]
				rules = [
				  { when = "age < 18", null = true },
				  { when = "age >= 18 and age <= 20", value = "PROVISIONAL" },
				]

				[entities.people.fields.born]
				generator = "date"
				min = "2000-01-01"
				max = "2001-12-31"

				[entities.people.fields.millennial]
				generator = "boolean"
				true_share = 0
				rules = [{ when = "born < '2001-01-01'", value = true }]
				""");
		for (int i = 0; i < 2000; i++) {
			Object[] row = entity.row(i);
			long age = (Long) row[0];
			if (age < 18) {
				assertThat(row[1]).isNull();
			}
			else if (age <= 20) {
				assertThat(row[1]).isEqualTo("PROVISIONAL");
			}
			else {
				assertThat(row[1]).isIn("A", "B");
			}
			assertThat(row[3]).isEqualTo(((LocalDate) row[2]).getYear() == 2000);
		}
	}

	@Test
	void aRowDependsOnlyOnSeedEntityAndIndex() {
		EntityGenerator entity = entity("""
				[entities.t.fields.n]
				generator = "int"
				min = 0
				max = 1000000000
				""");
		Object[] late = entity.row(777);
		for (int i = 0; i < 777; i++) {
			entity.row(i);
		}
		assertThat(entity.row(777)).isEqualTo(late);
	}

	private static Map<Object, Integer> counts(List<Object> values) {
		Map<Object, Integer> counts = new HashMap<>();
		values.forEach((value) -> counts.merge(value, 1, Integer::sum));
		return counts;
	}

}
