package io.cachegate.users.user;

import java.util.List;
import java.util.Optional;

import io.r2dbc.postgresql.api.PostgresqlException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * Reads and changes users. Each change runs in one transaction; its change event is
 * written to the outbox in that same transaction by the database's own trigger (migration
 * V20), which catches changes made outside this service too, so nothing here writes
 * events. Uniqueness and version checks are left to the database (unique indexes,
 * {@code UPDATE ... WHERE version}), so concurrent requests cannot slip between a check
 * and a write.
 */
@Service
class UserService {

	/** The unique indexes of the migration, by the field they protect. */
	private static final String USERNAME_INDEX = "users_username_lower_key";

	private static final String EMAIL_INDEX = "users_email_lower_key";

	private final UserRepository users;

	private final UserRules rules;

	private final TransactionalOperator transactions;

	UserService(UserRepository users, UserRules rules, TransactionalOperator transactions) {
		this.users = users;
		this.rules = rules;
		this.transactions = transactions;
	}

	Mono<User> find(long id) {
		return this.users.findById(id).switchIfEmpty(Mono.error(() -> new UserNotFoundException(id)));
	}

	Mono<UserPage> search(SearchQuery query) {
		// Two statements on two pooled connections, in parallel: the page and the total.
		return Mono
			.zip(this.users.search(query.prefix(), query.offset(), query.size()).collectList(),
					this.users.count(query.prefix(), SearchQuery.MAX_DEPTH + 1))
			.map((result) -> new UserPage(result.getT1(), query.page(), query.size(), result.getT2()));
	}

	Mono<User> create(UserInput input) {
		return Mono.fromCallable(() -> this.rules.validate(input))
			.flatMap((data) -> this.users.insert(data).as(this.transactions::transactional))
			.onErrorMap(DataIntegrityViolationException.class, UserService::duplicate);
	}

	/**
	 * Replaces a user's fields.
	 * @param id the user's id
	 * @param ifMatch the {@code If-Match} condition, or {@code null}
	 * @param input the new fields
	 * @return the user after the change, version incremented
	 */
	Mono<User> replace(long id, EntityTags ifMatch, UserInput input) {
		List<Long> expected = expectedVersions(ifMatch);
		return Mono.fromCallable(() -> this.rules.validate(input))
			.flatMap((data) -> this.users.update(id, expected, data)
				.switchIfEmpty(Mono.defer(() -> whyNotChanged(id)))
				.as(this.transactions::transactional))
			.onErrorMap(DataIntegrityViolationException.class, UserService::duplicate);
	}

	Mono<Void> delete(long id, EntityTags ifMatch) {
		return this.users.delete(id, expectedVersions(ifMatch))
			.switchIfEmpty(Mono.defer(() -> whyNotChanged(id)))
			.as(this.transactions::transactional)
			.then();
	}

	/**
	 * {@code If-Match: *} and no header both mean "whatever the version"; the row must
	 * exist either way.
	 */
	private static List<Long> expectedVersions(EntityTags ifMatch) {
		return (ifMatch == null || ifMatch.any()) ? null : ifMatch.versions();
	}

	/**
	 * A conditional write changed nothing: either the user does not exist, or its version
	 * was not the expected one. Only the error depends on this read; the decision to
	 * write was already made atomically.
	 */
	private <T> Mono<T> whyNotChanged(long id) {
		return this.users.findVersion(id)
			.flatMap((version) -> Mono.<T>error(new VersionMismatchException(id, version)))
			.switchIfEmpty(Mono.error(() -> new UserNotFoundException(id)));
	}

	private static Throwable duplicate(DataIntegrityViolationException ex) {
		String constraint = constraintName(ex).orElse("");
		if (constraint.equals(USERNAME_INDEX)) {
			return new DuplicateUserException("username");
		}
		if (constraint.equals(EMAIL_INDEX)) {
			return new DuplicateUserException("email");
		}
		return ex;
	}

	private static Optional<String> constraintName(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PostgresqlException postgres) {
				return postgres.getErrorDetails().getConstraintName();
			}
		}
		return Optional.empty();
	}

}
