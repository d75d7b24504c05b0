package io.cachegate.perf.datagen;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cachegate.perf.datagen.generator.Cpf;
import io.cachegate.perf.datagen.generator.Dataset;
import io.cachegate.perf.datagen.generator.EntityGenerator;
import io.cachegate.perf.datagen.schema.SchemaParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every user of the bundled schema must be one user-service accepts, or the benchmark
 * would load rows the API would refuse. The rules below mirror user-service's
 * {@code UserRules} (io.cachegate.users.user) and the unique indexes on lower(username)
 * and lower(email); if those change, this test is the reminder.
 */
class UsersSchemaContractTests {

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]+");

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]*");

	@Test
	void bundledUsersPassUserServiceValidationAndUniqueness() {
		EntityGenerator users = Dataset.compile(SchemaParser.parse(Path.of("schemas/users.toml")), 42, null, 50_000L)
			.entity("users");
		assertThat(users.columns()).extracting((column) -> column.column())
			.containsExactly("id", "username", "email", "first_name", "last_name", "birth_date", "tax_id", "phone",
					"city");
		Set<String> usernames = new HashSet<>();
		Set<String> emails = new HashSet<>();
		for (int i = 0; i < 50_000; i++) {
			Object[] row = users.row(i);
			assertThat(row[0]).isEqualTo(i + 1L);
			String username = (String) row[1];
			String email = (String) row[2];
			assertThat(username).matches(USERNAME);
			assertThat(email).hasSizeLessThanOrEqualTo(254).matches(EMAIL);
			assertThat(usernames.add(username.toLowerCase(Locale.ROOT))).as("unique username %s", username).isTrue();
			assertThat(emails.add(email.toLowerCase(Locale.ROOT))).as("unique email %s", email).isTrue();
			assertThat((String) row[3]).isNotBlank().hasSizeLessThanOrEqualTo(100);
			assertThat((String) row[4]).isNotBlank().hasSizeLessThanOrEqualTo(100);
			assertThat((LocalDate) row[5]).isAfterOrEqualTo(LocalDate.of(1900, 1, 1))
				.isBefore(LocalDate.of(2025, 1, 1));
			if (row[6] != null) {
				assertThat(Cpf.isValid((String) row[6])).isTrue();
			}
			if (row[7] != null) {
				String phone = (String) row[7];
				long digits = phone.chars().filter(Character::isDigit).count();
				assertThat(phone).hasSizeLessThanOrEqualTo(32).matches(PHONE);
				assertThat(digits).isBetween(7L, 15L);
			}
			if (row[8] != null) {
				assertThat((String) row[8]).hasSizeLessThanOrEqualTo(100);
			}
		}
	}

}
