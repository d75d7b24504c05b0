package io.cachegate.auth.account;

import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Checks a username and password. Unknown user, wrong password and disabled account look
 * the same to the caller, and take about the same time: an unknown user still costs one
 * BCrypt check.
 */
@Component
public class AccountAuthenticator {

	private final AccountRepository accounts;

	private final PasswordHasher hasher;

	AccountAuthenticator(AccountRepository accounts, PasswordHasher hasher) {
		this.accounts = accounts;
		this.hasher = hasher;
	}

	/**
	 * @param username as typed (case does not matter)
	 * @param password as typed
	 * @return the account when the password is right and the account enabled, else empty
	 */
	public Mono<Account> authenticate(String username, String password) {
		// Exactly one BCrypt check on every path (found or not), so timing does not tell
		// them apart.
		return this.accounts.findByUsername(username)
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((found) -> found
				.map((account) -> this.hasher.matches(password, account.passwordHash())
					.filter((matches) -> matches && !account.disabled())
					.map((matches) -> account))
				.orElseGet(() -> this.hasher.burn(password).then(Mono.empty())));
	}

}
