package io.cachegate.perf.datagen.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cachegate.perf.datagen.DatagenCommand;
import io.cachegate.perf.datagen.generator.Column;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.PostgresEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The postgres target against a real PostgreSQL, into the users.users table user-service
 * defines.
 */
class PostgresSinkIntegrationTests {

	private static PostgresEndpoint database;

	@TempDir
	Path directory;

	@BeforeAll
	static void createTable() throws IOException, SQLException {
		database = Infrastructure.freshDatabase("datagen");
		String ddl;
		try (InputStream in = PostgresSinkIntegrationTests.class.getResourceAsStream("/users-table.sql")) {
			ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		try (Connection connection = Infrastructure.connect(database);
				Statement statement = connection.createStatement()) {
			statement.execute(ddl);
		}
	}

	private static int run(String... args) {
		return DatagenCommand.commandLine(new DatagenCommand(System.err, System.out, false)).execute(args);
	}

	@Test
	void copiesGeneratedUsersIntoTheUsersTableAndMovesTheIdSequence() throws Exception {
		truncate();
		int code = run("--schema", "schemas/users.toml", "--rows", "25000", "--seed", "3", "--target", "postgres",
				"--jdbc-url", database.jdbcUrl(), "--db-user", database.username(), "--db-password",
				database.password(), "--batch-size", "2000", "--quiet");
		assertThat(code).isZero();
		Path csv = this.directory.resolve("same.csv");
		assertThat(run("--schema", "schemas/users.toml", "--rows", "25000", "--seed", "3", "--out", csv.toString(),
				"--quiet"))
			.isZero();
		List<String> lines = Files.readAllLines(csv);
		try (Connection connection = Infrastructure.connect(database);
				Statement statement = connection.createStatement()) {
			assertThat(single(statement, "select count(*) from users.users")).isEqualTo("25000");
			assertThat(single(statement, "select min(id) || '-' || max(id) from users.users")).isEqualTo("1-25000");
			for (int id : new int[] { 1, 12_345, 25_000 }) {
				assertThat(row(statement, id)).isEqualTo(lines.get(id));
			}
			assertThat(single(statement, "select count(*) from users.users where tax_id is null")).isNotEqualTo("0");
			// The identity sequence was moved past the explicit ids: the service's next
			// insert gets 25001.
			assertThat(single(statement,
					"insert into users.users (username, email, first_name, last_name, birth_date) "
							+ "values ('new', 'new@example.com', 'N', 'U', '2000-01-01') returning id"))
				.isEqualTo("25001");
		}
	}

	@Test
	void aRejectedBatchFailsTheRunWithTheDatabaseMessage() throws Exception {
		truncate();
		String[] args = { "--schema", "schemas/users.toml", "--rows", "100", "--target", "postgres", "--jdbc-url",
				database.jdbcUrl(), "--db-user", database.username(), "--db-password", database.password(), "--quiet" };
		assertThat(run(args)).isZero();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = DatagenCommand
			.commandLine(new DatagenCommand(new PrintStream(err, true, StandardCharsets.UTF_8), System.out, false))
			.execute(args);
		assertThat(code).isEqualTo(1);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("COPY into users.users failed")
			.contains("duplicate key");
	}

	@Test
	void sinkQuotesValuesSoNullAndEmptyStayApart() throws Exception {
		try (Connection connection = Infrastructure.connect(database);
				Statement statement = connection.createStatement()) {
			statement.execute("create table if not exists quoting (id bigint, note text)");
			statement.execute("truncate quoting");
		}
		try (PostgresSink sink = new PostgresSink(database.jdbcUrl(), database.username(), database.password(),
				"quoting", List.of(new Column("id", "id", true), new Column("note", "note", true)))) {
			Object[][] rows = { { 1L, null }, { 2L, "" }, { 3L, "a,\"b\"\nc" } };
			sink.write(sink.encode(0, rows), rows.length);
			sink.finish();
		}
		try (Connection connection = Infrastructure.connect(database);
				Statement statement = connection.createStatement()) {
			assertThat(single(statement, "select count(*) from quoting where id = 1 and note is null")).isEqualTo("1");
			assertThat(single(statement, "select count(*) from quoting where id = 2 and note = ''")).isEqualTo("1");
			assertThat(single(statement, "select note from quoting where id = 3")).isEqualTo("a,\"b\"\nc");
		}
	}

	private static void truncate() throws SQLException {
		try (Connection connection = Infrastructure.connect(database);
				Statement statement = connection.createStatement()) {
			statement.execute("truncate users.users restart identity");
		}
	}

	/**
	 * A stored row in the CSV target's format, to compare with the CSV of the same seed.
	 */
	private static String row(Statement statement, int id) throws SQLException {
		return single(statement, "select concat_ws(',', id, username, email, first_name, last_name, birth_date, "
				+ "coalesce(tax_id, ''), coalesce(phone, ''), coalesce(city, '')) from users.users where id = " + id);
	}

	private static String single(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

}
