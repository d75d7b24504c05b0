package io.cachegate.auth.account;

import java.time.Instant;

/**
 * An account as clients see it: everything but the password hash.
 *
 * @param id the id (the token's {@code sub} as a number)
 * @param username the username as created
 * @param email the email
 * @param role the role
 * @param disabled whether the account may obtain tokens
 * @param createdAt creation time
 * @param updatedAt last change
 */
record AccountResponse(long id, String username, String email, Role role, boolean disabled, Instant createdAt,
		Instant updatedAt) {

	static AccountResponse of(Account account) {
		return new AccountResponse(account.id(), account.username(), account.email(), account.role(),
				account.disabled(), account.createdAt(), account.updatedAt());
	}

}
