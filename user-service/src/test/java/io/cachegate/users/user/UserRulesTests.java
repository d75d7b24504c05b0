package io.cachegate.users.user;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UserRulesTests {

	private final UserRules rules = new UserRules(Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC));

	@Test
	void normalizesAValidRecord() {
		UserData data = this.rules.validate(new UserInput(" ana.silva ", "ana@example.com", "Ana", "Silva",
				"1990-05-17", "529.982.247-25", "", null));
		assertThat(data).isEqualTo(new UserData("ana.silva", "ana@example.com", "Ana", "Silva",
				LocalDate.of(1990, 5, 17), "52998224725", null, null));
	}

	@Test
	void birthDateMayBeTodayButNotTomorrowByTheInjectedClock() {
		assertThat(this.rules.validate(input("2026-03-10")).birthDate()).isEqualTo(LocalDate.of(2026, 3, 10));
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> this.rules.validate(input("2026-03-11")));
		assertThat(ex.violations()).containsExactly(new FieldViolation("birthDate", "must not be in the future"));
	}

	@Test
	void collectsEveryViolation() {
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class, () -> this.rules
			.validate(new UserInput("x", "bad", null, "", "2026-02-30", "123", "abc", "y".repeat(101))));
		assertThat(ex.violations()).extracting(FieldViolation::field)
			.containsExactly("username", "email", "firstName", "lastName", "birthDate", "taxId", "phone", "city");
	}

	@Test
	void acceptsUsernamesAtTheLengthLimits() {
		assertThat(this.rules.validate(withUsername("a_b")).username()).isEqualTo("a_b");
		assertThat(this.rules.validate(withUsername("a".repeat(64))).username()).hasSize(64);
	}

	private static UserInput input(String birthDate) {
		return new UserInput("ana", "ana@example.com", "Ana", "Silva", birthDate, null, null, null);
	}

	private static UserInput withUsername(String username) {
		return new UserInput(username, "ana@example.com", "Ana", "Silva", "1990-01-01", null, "+5511912345678",
				"Recife");
	}

}
