package io.cachegate.users.user;

/**
 * A user as a client sends it in {@code POST /users} and {@code PUT /users/{id}}. Every
 * field is read as text and checked by {@link UserRules}, so that one answer names every
 * invalid field (a typed {@code LocalDate} would fail the whole body on the first bad
 * date). Members the server owns ({@code id}, {@code version}, timestamps) are ignored,
 * so a client may send back what it read.
 *
 * @param username 3 to 64 of {@code A-Z a-z 0-9 . _ -}, unique ignoring case
 * @param email an email address, unique ignoring case
 * @param firstName the first name
 * @param lastName the last name
 * @param birthDate an ISO date ({@code yyyy-MM-dd}), not in the future
 * @param taxId optional CPF, plain or formatted
 * @param phone optional phone number
 * @param city optional city
 */
public record UserInput(String username, String email, String firstName, String lastName, String birthDate,
		String taxId, String phone, String city) {

}
