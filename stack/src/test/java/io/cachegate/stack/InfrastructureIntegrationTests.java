package io.cachegate.stack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InfrastructureIntegrationTests {

	@Test
	void sharedRedisAnswers() {
		assertThat(Infrastructure.answersPing(Infrastructure.redis())).isTrue();
	}

	@Test
	void freshDatabasesAreEmptyAndSeparate() throws SQLException {
		PostgresEndpoint first = Infrastructure.freshDatabase("stack");
		PostgresEndpoint second = Infrastructure.freshDatabase("stack");
		assertThat(first.database()).isNotEqualTo(second.database());

		try (Connection connection = Infrastructure.connect(first);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE probe (id int)");
			statement.execute("INSERT INTO probe VALUES (1)");
		}
		try (Connection connection = Infrastructure.connect(second);
				Statement statement = connection.createStatement();
				ResultSet tables = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'probe'")) {
			tables.next();
			assertThat(tables.getInt(1)).isZero();
		}
	}

	@Test
	void fallsBackToAnEmbeddedRedisWhenNothingAnswers() {
		int nothing = Ports.freePort();
		RedisEndpoint redis = Infrastructure
			.resolveRedis(InfrastructureSettings.from(Map.of("REDIS_URL", "redis://127.0.0.1:" + nothing)));

		assertThat(redis.origin()).isIn("embedded", "testcontainers");
		assertThat(redis.port()).isNotEqualTo(nothing);
		assertThat(Infrastructure.answersPing(redis)).isTrue();
	}

	@Test
	void fallsBackToAnEmbeddedPostgresWhenNothingAnswers() throws SQLException {
		int nothing = Ports.freePort();
		PostgresEndpoint postgres = Infrastructure
			.resolvePostgres(InfrastructureSettings.from(Map.of("POSTGRES_PORT", Integer.toString(nothing))), null);

		assertThat(postgres.origin()).isIn("embedded", "testcontainers");
		try (Connection connection = Infrastructure.connect(postgres)) {
			assertThat(connection.isValid(2)).isTrue();
		}
	}

}
