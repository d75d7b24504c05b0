package io.cachegate.auth.account;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/** The token names an account that no longer exists: 404. */
class AccountNotFoundException extends ProblemException {

	AccountNotFoundException(String subject) {
		super(ProblemType.ACCOUNT_NOT_FOUND, "No account has id " + subject + "; it may have been removed.");
	}

}
