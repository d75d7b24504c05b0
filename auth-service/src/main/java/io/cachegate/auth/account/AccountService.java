package io.cachegate.auth.account;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.r2dbc.spi.R2dbcException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;

/**
 * Creates and reads accounts. A new account's rules are checked all at once, so one
 * answer names every invalid field.
 */
@Service
class AccountService {

	private static final String UNIQUE_VIOLATION = "23505";

	private final AccountRepository accounts;

	private final PasswordHasher hasher;

	private final Validator validator;

	private final AccountProperties properties;

	AccountService(AccountRepository accounts, PasswordHasher hasher, Validator validator,
			AccountProperties properties) {
		this.accounts = accounts;
		this.hasher = hasher;
		this.validator = validator;
		this.properties = properties;
	}

	Mono<Account> create(CreateAccountRequest request) {
		return Mono.fromCallable(() -> validate(request))
			.flatMap((role) -> this.hasher.hash(request.password())
				.flatMap((hash) -> this.accounts.insert(request.username(), request.email().strip(), hash, role)))
			.onErrorMap(AccountService::isUniqueViolation, (ex) -> new DuplicateUsernameException(request.username()));
	}

	Mono<Account> findBySubject(String subject) {
		long id;
		try {
			id = Long.parseLong(subject);
		}
		catch (NumberFormatException ex) {
			return Mono.error(new AccountNotFoundException(subject));
		}
		return this.accounts.findById(id).switchIfEmpty(Mono.error(() -> new AccountNotFoundException(subject)));
	}

	private Role validate(CreateAccountRequest request) {
		List<FieldViolation> problems = new ArrayList<>();
		Set<ConstraintViolation<CreateAccountRequest>> violations = this.validator.validate(request);
		violations.forEach((violation) -> problems
			.add(new FieldViolation(violation.getPropertyPath().toString(), violation.getMessage())));
		String password = request.password();
		if (password != null) {
			if (password.codePointCount(0, password.length()) < this.properties.passwordMinLength()) {
				problems.add(new FieldViolation("password",
						"must be at least " + this.properties.passwordMinLength() + " characters"));
			}
			else if (!PasswordHasher.fits(password)) {
				problems.add(new FieldViolation("password", "must be at most " + PasswordHasher.MAX_BYTES + " bytes"));
			}
		}
		Role role = null;
		if (request.role() != null) {
			role = Arrays.stream(Role.values()).filter((r) -> r.name().equals(request.role())).findFirst().orElse(null);
			if (role == null) {
				problems.add(new FieldViolation("role", "must be one of " + Arrays.toString(Role.values())));
			}
		}
		if (!problems.isEmpty()) {
			problems.sort(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message));
			throw new InvalidRequestException(problems);
		}
		return role;
	}

	private static boolean isUniqueViolation(Throwable ex) {
		if (!(ex instanceof DataIntegrityViolationException)) {
			return false;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof R2dbcException r2dbc && UNIQUE_VIOLATION.equals(r2dbc.getSqlState())) {
				return true;
			}
		}
		return false;
	}

}
