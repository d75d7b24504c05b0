package io.cachegate.users.events;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.cachegate.users.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Change events through the whole service: changes made in plain SQL (as psql would) and
 * through the API each become one outbox row in their own transaction and one entry on
 * the stream, published by the running relay.
 */
class ChangeEventsIntegrationTests extends IntegrationTestBase {

	@Autowired
	private ReactiveStringRedisTemplate redis;

	@Value("${cachegate.events.stream}")
	private String stream;

	@Value("${spring.flyway.url}")
	private String jdbcUrl;

	@Value("${spring.flyway.user}")
	private String user;

	@Value("${spring.flyway.password:}")
	private String password;

	@Test
	void insertUpdateAndDeleteInPlainSqlBecomeStreamEventsWithTheVersionsTheyBrought() throws SQLException {
		String name = unique();
		long id;
		try (Connection sql = DriverManager.getConnection(this.jdbcUrl, this.user, this.password)) {
			id = insert(sql, name);
			// Plain SQL that leaves the version alone, then sets it back: each change
			// still gets the next version.
			execute(sql, "update users.users set city = 'Natal' where id = " + id);
			execute(sql, "update users.users set city = 'Recife', version = 0 where id = " + id);
			execute(sql, "delete from users.users where id = " + id);
			List<Map<String, Object>> outbox = outboxRows(sql, id);
			assertThat(outbox).extracting((row) -> row.get("kind"))
				.containsExactly("insert", "update", "update", "delete");
			assertThat(outbox).extracting((row) -> row.get("tags"))
				.allSatisfy((tags) -> assertThat((String[]) tags).containsExactly("user:" + id, "users"));
		}
		List<Map<Object, Object>> events = awaitEvents(id, 4);
		assertThat(events).extracting((event) -> event.get("kind"))
			.containsExactly("insert", "update", "update", "delete");
		assertThat(events).extracting((event) -> event.get("versions")).containsExactly("0", "1", "2", "2");
		// The rows that exist after each change, by the version they reached; a deleted
		// row has none.
		assertThat(events).extracting((event) -> event.get("tagVersions"))
			.containsExactly("user:" + id + "=0", "user:" + id + "=1", "user:" + id + "=2", "");
		assertThat(events).extracting((event) -> event.get("tags")).containsOnly("user:" + id + ",users");
		assertThat(events).extracting((event) -> event.get("collapsed")).containsOnly("false");
		assertThat(events).allSatisfy((event) -> assertThat(event).containsKeys("id", "time"));
	}

	@Test
	void rolledBackChangeLeavesNoEvent() throws SQLException {
		try (Connection sql = DriverManager.getConnection(this.jdbcUrl, this.user, this.password)) {
			long id = insert(sql, unique());
			sql.setAutoCommit(false);
			execute(sql, "update users.users set city = 'Nowhere' where id = " + id);
			sql.rollback();
			sql.setAutoCommit(true);
			assertThat(outboxRows(sql, id)).extracting((row) -> row.get("kind")).containsExactly("insert");
		}
	}

	@Test
	void apiWritesBecomeStreamEventsThroughTheTrigger() {
		long id = idOf(createUser(validUser(unique())));
		as("ADMIN").delete().uri("/users/{id}", id).exchange().expectStatus().isNoContent();
		List<Map<Object, Object>> events = awaitEvents(id, 2);
		assertThat(events).extracting((event) -> event.get("kind")).containsExactly("insert", "delete");
	}

	@Test
	void aStatementTouchingManyRowsIsOneCollapsedEvent() throws SQLException {
		String prefix = unique();
		try (Connection sql = DriverManager.getConnection(this.jdbcUrl, this.user, this.password)) {
			execute(sql,
					"insert into users.users (username, email, first_name, last_name, birth_date) " + "select '"
							+ prefix + "' || g, '" + prefix + "' || g || '@example.com', 'A', 'B', "
							+ "date '1990-01-01' from generate_series(1, 1500) g");
			try (Statement statement = sql.createStatement();
					ResultSet rows = statement.executeQuery("select tags, collapsed, cardinality(ids) as n "
							+ "from users.outbox order by id desc limit 1")) {
				assertThat(rows.next()).isTrue();
				assertThat((String[]) rows.getArray("tags").getArray()).containsExactly("users");
				assertThat(rows.getBoolean("collapsed")).isTrue();
				assertThat(rows.getInt("n")).isEqualTo(1500);
			}
		}
	}

	private static long insert(Connection sql, String name) throws SQLException {
		try (PreparedStatement insert = sql.prepareStatement("insert into users.users (username, email, first_name, "
				+ "last_name, birth_date) values (?, ?, 'Ana', 'Silva', date '1990-05-17') returning id")) {
			insert.setString(1, name);
			insert.setString(2, name + "@example.com");
			try (ResultSet rows = insert.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static void execute(Connection sql, String statement) throws SQLException {
		try (Statement plain = sql.createStatement()) {
			plain.execute(statement);
		}
	}

	private static List<Map<String, Object>> outboxRows(Connection sql, long id) throws SQLException {
		try (PreparedStatement select = sql
			.prepareStatement("select kind, tags from users.outbox where ? = any(ids) order by id")) {
			select.setLong(1, id);
			try (ResultSet rows = select.executeQuery()) {
				List<Map<String, Object>> result = new java.util.ArrayList<>();
				while (rows.next()) {
					result.add(Map.of("kind", rows.getString("kind"), "tags", rows.getArray("tags").getArray()));
				}
				return result;
			}
		}
	}

	/**
	 * The stream entries naming the user, in stream order, once there are {@code count}
	 * of them.
	 */
	private List<Map<Object, Object>> awaitEvents(long id, int count) {
		String wanted = Long.toString(id);
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> this.redis.opsForStream()
				.range(this.stream, Range.unbounded())
				.map(MapRecord::getValue)
				.filter((fields) -> List.of(String.valueOf(fields.get("ids")).split(",")).contains(wanted))
				.collectList()
				.block(Duration.ofSeconds(5)), (events) -> events.size() >= count);
	}

}
