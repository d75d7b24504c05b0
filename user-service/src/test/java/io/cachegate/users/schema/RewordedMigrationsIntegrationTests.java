package io.cachegate.users.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.junit.jupiter.api.Test;

import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.PostgresEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On a real PostgreSQL: a database whose applied migrations were checksummed with an
 * older text of a reworded migration starts; one where another applied migration differs
 * still does not.
 */
class RewordedMigrationsIntegrationTests {

	@Test
	void aRewordedMigrationAppliedWithItsOldTextIsAcceptedAndRecorded() throws SQLException {
		PostgresEndpoint database = Infrastructure.freshDatabase("reworded_ok");
		flyway(database).migrate();
		alterChecksum(database, "10");
		new RewordedMigrations(Set.of("10", "20")).migrate(flyway(database));
		assertThat(flyway(database).validateWithResult().validationSuccessful).isTrue();
	}

	@Test
	void anyOtherChangedMigrationStillFailsTheStart() throws SQLException {
		PostgresEndpoint database = Infrastructure.freshDatabase("reworded_no");
		flyway(database).migrate();
		alterChecksum(database, "10");
		alterChecksum(database, "30");
		assertThatThrownBy(() -> new RewordedMigrations(Set.of("10", "20")).migrate(flyway(database)))
			.isInstanceOf(FlywayValidateException.class);
	}

	private static Flyway flyway(PostgresEndpoint database) {
		return Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.schemas("users")
			.defaultSchema("users")
			.createSchemas(true)
			.load();
	}

	/** As if the migration had been applied with another text. */
	private static void alterChecksum(PostgresEndpoint database, String version) throws SQLException {
		try (Connection sql = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
				Statement statement = sql.createStatement()) {
			statement.executeUpdate(
					"update users.flyway_schema_history set checksum = checksum + 1 where version = '" + version + "'");
		}
	}

}
