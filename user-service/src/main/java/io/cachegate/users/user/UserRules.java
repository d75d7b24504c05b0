package io.cachegate.users.user;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;

/**
 * The rules a user record must follow, in one place so that the API and the bulk import
 * judge a record the same way. Text is stripped of surrounding blanks first; an optional
 * field that is blank counts as absent. All violations are collected, never just the
 * first.
 */
@Component
public class UserRules {

	static final int USERNAME_MIN = 3;

	static final int USERNAME_MAX = 64;

	static final int EMAIL_MAX = 254;

	static final int NAME_MAX = 100;

	static final int PHONE_MAX = 32;

	static final int CITY_MAX = 100;

	/** Nobody alive was born before this; older dates are typing mistakes. */
	static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]+");

	/**
	 * Deliberately loose: one {@code @}, no blanks, a dot in the domain. Deliverability
	 * is not ours to judge.
	 */
	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]+");

	/**
	 * E.164-ish: an optional {@code +}, digits and the usual separators; 7 to 15 digits
	 * in all.
	 */
	private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ().-]*");

	private final Clock clock;

	UserRules(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Checks a record and normalizes it.
	 * @param input the record as sent
	 * @return the normalized record
	 * @throws InvalidRequestException naming every invalid field
	 */
	public UserData validate(UserInput input) {
		List<FieldViolation> violations = new ArrayList<>();
		String username = required(violations, "username", input.username());
		if (username != null) {
			if (username.length() < USERNAME_MIN || username.length() > USERNAME_MAX) {
				violations.add(new FieldViolation("username",
						"must be " + USERNAME_MIN + " to " + USERNAME_MAX + " characters long"));
			}
			else if (!USERNAME.matcher(username).matches()) {
				violations.add(new FieldViolation("username", "may contain only letters, digits, '.', '_' and '-'"));
			}
		}
		String email = required(violations, "email", input.email());
		if (email != null) {
			if (email.length() > EMAIL_MAX) {
				violations.add(new FieldViolation("email", "must be at most " + EMAIL_MAX + " characters long"));
			}
			else if (!EMAIL.matcher(email).matches()) {
				violations.add(new FieldViolation("email", "must be an email address such as ana@example.com"));
			}
		}
		String firstName = maxLength(violations, "firstName", required(violations, "firstName", input.firstName()),
				NAME_MAX);
		String lastName = maxLength(violations, "lastName", required(violations, "lastName", input.lastName()),
				NAME_MAX);
		LocalDate birthDate = birthDate(violations, required(violations, "birthDate", input.birthDate()));
		String taxId = optional(input.taxId());
		if (taxId != null) {
			Optional<String> digits = Cpf.normalize(taxId);
			if (digits.isEmpty()) {
				violations.add(new FieldViolation("taxId",
						"must be a valid CPF: 11 digits or 000.000.000-00, with matching check digits"));
			}
			taxId = digits.orElse(null);
		}
		String phone = optional(input.phone());
		if (phone != null) {
			long digits = phone.chars().filter(Character::isDigit).count();
			if (phone.length() > PHONE_MAX || !PHONE.matcher(phone).matches() || digits < 7 || digits > 15) {
				violations.add(new FieldViolation("phone",
						"must be a phone number such as +55 11 91234-5678 (7 to 15 digits, at most " + PHONE_MAX
								+ " characters)"));
			}
		}
		String city = maxLength(violations, "city", optional(input.city()), CITY_MAX);
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		return new UserData(username, email, firstName, lastName, birthDate, taxId, phone, city);
	}

	private LocalDate birthDate(List<FieldViolation> violations, String text) {
		if (text == null) {
			return null;
		}
		LocalDate date;
		try {
			// ISO_LOCAL_DATE resolves strictly: 2001-02-29 is refused, not rolled over to
			// March.
			date = LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE);
		}
		catch (DateTimeParseException ex) {
			violations.add(new FieldViolation("birthDate", "must be a real date written yyyy-MM-dd"));
			return null;
		}
		if (date.isAfter(LocalDate.now(this.clock))) {
			violations.add(new FieldViolation("birthDate", "must not be in the future"));
		}
		else if (date.isBefore(EARLIEST_BIRTH_DATE)) {
			violations.add(new FieldViolation("birthDate", "must not be before " + EARLIEST_BIRTH_DATE));
		}
		return date;
	}

	private static String required(List<FieldViolation> violations, String field, String value) {
		String stripped = optional(value);
		if (stripped == null) {
			violations.add(new FieldViolation(field, "is required"));
		}
		return stripped;
	}

	private static String maxLength(List<FieldViolation> violations, String field, String value, int max) {
		if (value != null && value.length() > max) {
			violations.add(new FieldViolation(field, "must be at most " + max + " characters long"));
		}
		return value;
	}

	private static String optional(String value) {
		if (value == null) {
			return null;
		}
		String stripped = value.strip();
		return stripped.isEmpty() ? null : stripped;
	}

}
