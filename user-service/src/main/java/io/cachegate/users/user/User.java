package io.cachegate.users.user;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A user as this service answers it. {@code version} grows with every change; the
 * {@code ETag} carries it.
 *
 * @param id the id
 * @param username the username
 * @param email the email address
 * @param firstName the first name
 * @param lastName the last name
 * @param birthDate the birth date
 * @param taxId the CPF as eleven digits, or {@code null}
 * @param phone the phone number, or {@code null}
 * @param city the city, or {@code null}
 * @param createdAt when the user was created
 * @param updatedAt when the user last changed
 * @param version the version, 0 when created
 */
record User(long id, String username, String email, String firstName, String lastName, LocalDate birthDate,
		String taxId, String phone, String city, Instant createdAt, Instant updatedAt, long version) {

}
