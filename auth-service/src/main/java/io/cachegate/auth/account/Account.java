package io.cachegate.auth.account;

import java.time.Instant;

/**
 * An account as stored.
 *
 * @param id the database id; its decimal string is the token's {@code sub}
 * @param username unique regardless of case
 * @param email contact address
 * @param passwordHash BCrypt hash; never leaves the service
 * @param role what the account may do
 * @param disabled a disabled account cannot obtain tokens
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Account(long id, String username, String email, String passwordHash, Role role, boolean disabled,
		Instant createdAt, Instant updatedAt) {

	/** The token subject: the id as a string. */
	public String subject() {
		return Long.toString(this.id);
	}

	@Override
	public String toString() {
		return "Account[id=" + this.id + ", username=" + this.username + ", role=" + this.role + ", disabled="
				+ this.disabled + "]";
	}

}
