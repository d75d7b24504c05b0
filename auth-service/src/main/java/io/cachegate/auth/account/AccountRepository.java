package io.cachegate.auth.account;

import java.time.OffsetDateTime;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * Accounts in {@code auth.accounts}, through R2DBC. Usernames are compared by
 * {@code lower()}, which the unique index also uses.
 */
@Repository
class AccountRepository {

	private static final String COLUMNS = "id, username, email, password_hash, role, disabled, created_at, updated_at";

	private final DatabaseClient client;

	AccountRepository(DatabaseClient client) {
		this.client = client;
	}

	Mono<Account> findByUsername(String username) {
		return this.client.sql("select " + COLUMNS + " from auth.accounts where lower(username) = lower(:username)")
			.bind("username", username)
			.map(AccountRepository::toAccount)
			.one();
	}

	Mono<Account> findById(long id) {
		return this.client.sql("select " + COLUMNS + " from auth.accounts where id = :id")
			.bind("id", id)
			.map(AccountRepository::toAccount)
			.one();
	}

	/**
	 * Fails with a {@code DataIntegrityViolationException} when the username is taken.
	 */
	Mono<Account> insert(String username, String email, String passwordHash, Role role) {
		return this.client
			.sql("insert into auth.accounts (username, email, password_hash, role)"
					+ " values (:username, :email, :hash, :role) returning " + COLUMNS)
			.bind("username", username)
			.bind("email", email)
			.bind("hash", passwordHash)
			.bind("role", role.name())
			.map(AccountRepository::toAccount)
			.one();
	}

	Mono<Boolean> adminExists() {
		return this.client.sql("select exists (select 1 from auth.accounts where role = 'ADMIN') as present")
			.map((row) -> Boolean.TRUE.equals(row.get("present", Boolean.class)))
			.one();
	}

	/**
	 * Creates the admin only while no ADMIN exists and the username is free, in one
	 * statement, so instances starting together do not create two.
	 * @return the new account, or empty when nothing was inserted
	 */
	Mono<Account> insertAdminIfNoneExists(String username, String email, String passwordHash) {
		return this.client
			.sql("insert into auth.accounts (username, email, password_hash, role)"
					+ " select :username, :email, :hash, 'ADMIN'"
					+ " where not exists (select 1 from auth.accounts where role = 'ADMIN')"
					+ " on conflict ((lower(username))) do nothing returning " + COLUMNS)
			.bind("username", username)
			.bind("email", email)
			.bind("hash", passwordHash)
			.map(AccountRepository::toAccount)
			.one();
	}

	private static Account toAccount(Readable row) {
		return new Account(row.get("id", Long.class), row.get("username", String.class), row.get("email", String.class),
				row.get("password_hash", String.class), Role.valueOf(row.get("role", String.class)),
				Boolean.TRUE.equals(row.get("disabled", Boolean.class)),
				row.get("created_at", OffsetDateTime.class).toInstant(),
				row.get("updated_at", OffsetDateTime.class).toInstant());
	}

}
