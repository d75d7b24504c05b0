package io.cachegate.users.user;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import io.r2dbc.spi.Readable;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code users.users} table, through R2DBC. Plain SQL on purpose: the prefix search
 * must match the expression indexes of the migration ({@code lower(x) text_pattern_ops}),
 * and writes must check the version inside the {@code UPDATE} itself.
 */
@Repository
class UserRepository {

	private static final String COLUMNS = "id, username, email, first_name, last_name, birth_date, tax_id, phone, "
			+ "city, created_at, updated_at, version";

	/**
	 * Each branch can use its own prefix index; Postgres combines them with a BitmapOr.
	 */
	private static final String MATCHES = "lower(username) like :prefix or lower(email) like :prefix "
			+ "or lower(last_name) like :prefix";

	private final DatabaseClient db;

	UserRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<User> findById(long id) {
		return this.db.sql("select " + COLUMNS + " from users.users where id = :id")
			.bind("id", id)
			.map(UserRepository::toUser)
			.one();
	}

	Mono<Long> findVersion(long id) {
		return this.db.sql("select version from users.users where id = :id")
			.bind("id", id)
			.map((row) -> row.get("version", Long.class))
			.one();
	}

	/**
	 * One page of users whose username, email or last name starts with the prefix,
	 * ignoring case.
	 * @param prefix the prefix, or {@code null} for every user
	 * @param offset rows to skip
	 * @param limit rows to return
	 * @return the users, ordered by id
	 */
	Flux<User> search(String prefix, long offset, int limit) {
		String where = (prefix != null) ? " where " + MATCHES : "";
		GenericExecuteSpec spec = this.db
			.sql("select " + COLUMNS + " from users.users" + where + " order by id limit :limit offset :offset")
			.bind("limit", limit)
			.bind("offset", offset);
		return bindPrefix(spec, prefix).map(UserRepository::toUser).all();
	}

	/**
	 * How many users match, counted up to {@code limit}: past it the answer is
	 * {@code limit}, so a search never counts a whole large table.
	 */
	Mono<Long> count(String prefix, int limit) {
		String where = (prefix != null) ? " where " + MATCHES : "";
		GenericExecuteSpec spec = this.db
			.sql("select count(*) as total from (select 1 from users.users" + where + " limit :limit) matching")
			.bind("limit", limit);
		return bindPrefix(spec, prefix).map((row) -> row.get("total", Long.class)).one();
	}

	Mono<User> insert(UserData user) {
		GenericExecuteSpec spec = this.db.sql("insert into users.users (username, email, first_name, last_name, "
				+ "birth_date, tax_id, phone, city) values (:username, :email, :firstName, :lastName, :birthDate, "
				+ ":taxId, :phone, :city) returning " + COLUMNS);
		return bindData(spec, user).map(UserRepository::toUser).one();
	}

	/**
	 * Replaces a user's fields and increments its version, in one statement, so that two
	 * writers racing from the same version cannot both succeed.
	 * @param id the user's id
	 * @param expectedVersions the versions the client may hold ({@code If-Match}), or
	 * {@code null} for any
	 * @param user the new fields
	 * @return the updated user, or empty when there is no such user or its version is not
	 * one expected
	 */
	Mono<User> update(long id, List<Long> expectedVersions, UserData user) {
		String condition = (expectedVersions != null) ? " and version = any(:versions)" : "";
		GenericExecuteSpec spec = this.db
			.sql("update users.users set username = :username, email = :email, "
					+ "first_name = :firstName, last_name = :lastName, birth_date = :birthDate, tax_id = :taxId, "
					+ "phone = :phone, city = :city, updated_at = now(), version = version + 1 where id = :id"
					+ condition + " returning " + COLUMNS)
			.bind("id", id);
		if (expectedVersions != null) {
			spec = spec.bind("versions", expectedVersions.toArray(Long[]::new));
		}
		return bindData(spec, user).map(UserRepository::toUser).one();
	}

	/**
	 * Deletes a user.
	 * @param id the user's id
	 * @param expectedVersions the versions the client may hold ({@code If-Match}), or
	 * {@code null} for any
	 * @return the deleted user's id, or empty when there is no such user or its version
	 * is not one expected
	 */
	Mono<Long> delete(long id, List<Long> expectedVersions) {
		String condition = (expectedVersions != null) ? " and version = any(:versions)" : "";
		GenericExecuteSpec spec = this.db.sql("delete from users.users where id = :id" + condition + " returning id")
			.bind("id", id);
		if (expectedVersions != null) {
			spec = spec.bind("versions", expectedVersions.toArray(Long[]::new));
		}
		return spec.map((row) -> row.get("id", Long.class)).one();
	}

	/**
	 * The LIKE pattern for a prefix: lower-cased like the indexed expressions, with
	 * LIKE's own wildcards escaped so that {@code q=a_b} means the three characters, not
	 * "a, any character, b".
	 */
	static String likePattern(String prefix) {
		String escaped = prefix.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return escaped + "%";
	}

	private static GenericExecuteSpec bindPrefix(GenericExecuteSpec spec, String prefix) {
		return (prefix != null) ? spec.bind("prefix", likePattern(prefix)) : spec;
	}

	private static GenericExecuteSpec bindData(GenericExecuteSpec spec, UserData user) {
		spec = spec.bind("username", user.username())
			.bind("email", user.email())
			.bind("firstName", user.firstName())
			.bind("lastName", user.lastName())
			.bind("birthDate", user.birthDate());
		spec = bindNullable(spec, "taxId", user.taxId());
		spec = bindNullable(spec, "phone", user.phone());
		return bindNullable(spec, "city", user.city());
	}

	private static GenericExecuteSpec bindNullable(GenericExecuteSpec spec, String name, String value) {
		return (value != null) ? spec.bind(name, value) : spec.bindNull(name, String.class);
	}

	private static User toUser(Readable row) {
		return new User(row.get("id", Long.class), row.get("username", String.class), row.get("email", String.class),
				row.get("first_name", String.class), row.get("last_name", String.class),
				row.get("birth_date", LocalDate.class), row.get("tax_id", String.class), row.get("phone", String.class),
				row.get("city", String.class), row.get("created_at", Instant.class),
				row.get("updated_at", Instant.class), row.get("version", Long.class));
	}

}
