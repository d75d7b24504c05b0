package io.cachegate.auth.account;

import org.springframework.http.HttpStatus;

import io.cachegate.auth.error.ProblemException;

/** The token names an account that no longer exists: 404. */
class AccountNotFoundException extends ProblemException {

	AccountNotFoundException(String subject) {
		super(HttpStatus.NOT_FOUND, "account-not-found", "Account not found",
				"No account has id " + subject + "; it may have been removed.");
	}

}
