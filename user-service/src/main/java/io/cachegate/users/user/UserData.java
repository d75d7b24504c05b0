package io.cachegate.users.user;

import java.time.LocalDate;

/**
 * A user's client-owned fields after {@link UserRules} accepted and normalized them: what
 * is written to the table.
 *
 * @param username the username as given
 * @param email the email address as given
 * @param firstName the first name
 * @param lastName the last name
 * @param birthDate the birth date
 * @param taxId the CPF as eleven digits, or {@code null}
 * @param phone the phone number, or {@code null}
 * @param city the city, or {@code null}
 */
public record UserData(String username, String email, String firstName, String lastName, LocalDate birthDate,
		String taxId, String phone, String city) {

}
