package io.cachegate.users.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.cachegate.stack.EmbeddedRedis;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.PostgresEndpoint;
import io.cachegate.stack.RedisEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The relay on its own, against real PostgreSQL (a fresh database per test, migrated by
 * Flyway) and a real Redis: an embedded one for the outage (never the machine's shared
 * server), the shared one elsewhere, each test on a stream of its own.
 */
class OutboxRelayIntegrationTests {

	private final List<AutoCloseable> cleanUp = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.cleanUp.size() - 1; i >= 0; i--) {
			this.cleanUp.get(i).close();
		}
	}

	@Test
	void eventsMadeWhileRedisIsDownAreAllDeliveredInOrderWhenItReturns() throws Exception {
		PostgresEndpoint database = migratedDatabase("relay-outage");
		EmbeddedRedis embedded = EmbeddedRedis.startOnFreePort();
		this.cleanUp.add(embedded);
		ReactiveStringRedisTemplate redis = redis(embedded.endpoint(), 0);
		String stream = "test:changes:" + UUID.randomUUID();
		OutboxRelay relay = relay(database, redis, stream);
		relay.start();
		try (Connection sql = Infrastructure.connect(database)) {
			insertUsers(sql, 1);
			await().atMost(Duration.ofSeconds(10)).until(() -> outboxIds(redis, stream).size() == 1);

			embedded.stop();
			for (int i = 0; i < 20; i++) {
				execute(sql, "update users.users set version = version + 1");
			}
			assertThat(unpublished(sql)).isEqualTo(20);

			embedded.start();
			// The restarted server is empty: exactly the 20 events that waited must
			// arrive, in outbox order.
			await().atMost(Duration.ofSeconds(20)).until(() -> outboxIds(redis, stream).size() >= 20);
			List<Long> delivered = outboxIds(redis, stream);
			assertThat(delivered).containsExactlyElementsOf(range(2, 21));
			// Marked published right after each publish is acknowledged.
			await().atMost(Duration.ofSeconds(5)).until(() -> unpublished(sql) == 0);
		}
	}

	@Test
	void twoRelaysTakeTurnsAndKeepTheOrderEvenWhenTheLeaderStops() throws Exception {
		PostgresEndpoint database = migratedDatabase("relay-pair");
		ReactiveStringRedisTemplate redis = redis(Infrastructure.redis(), 2);
		String stream = "test:changes:" + UUID.randomUUID();
		this.cleanUp.add(() -> redis.delete(stream).block(Duration.ofSeconds(5)));
		OutboxRelay first = relay(database, redis, stream);
		OutboxRelay second = relay(database, redis, stream);
		first.start();
		second.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> first.isLeader() || second.isLeader());
		assertThat(first.isLeader() && second.isLeader()).isFalse();
		try (Connection sql = Infrastructure.connect(database)) {
			insertUsers(sql, 1);
			for (int i = 0; i < 100; i++) {
				execute(sql, "update users.users set version = version + 1");
			}
			OutboxRelay leader = first.isLeader() ? first : second;
			OutboxRelay other = (leader == first) ? second : first;
			leader.stop();
			for (int i = 0; i < 100; i++) {
				execute(sql, "update users.users set version = version + 1");
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> outboxIds(redis, stream).size() >= 201);
			assertThat(other.isLeader()).isTrue();
			assertThat(outboxIds(redis, stream)).containsExactlyElementsOf(range(1, 201));
			await().atMost(Duration.ofSeconds(5)).until(() -> unpublished(sql) == 0);
		}
	}

	@Test
	void concurrentWritersToOneUserArePublishedInTheirCommitOrder() throws Exception {
		PostgresEndpoint database = migratedDatabase("relay-writers");
		ReactiveStringRedisTemplate redis = redis(Infrastructure.redis(), 2);
		String stream = "test:changes:" + UUID.randomUUID();
		this.cleanUp.add(() -> redis.delete(stream).block(Duration.ofSeconds(5)));
		OutboxRelay relay = relay(database, redis, stream);
		relay.start();
		try (Connection sql = Infrastructure.connect(database)) {
			insertUsers(sql, 3);
		}
		List<Thread> writers = new ArrayList<>();
		for (int w = 0; w < 4; w++) {
			Thread writer = new Thread(() -> {
				try (Connection sql = Infrastructure.connect(database)) {
					for (int i = 0; i < 50; i++) {
						execute(sql, "update users.users set version = version + 1 where id = " + (1 + i % 3));
					}
				}
				catch (SQLException ex) {
					throw new IllegalStateException(ex);
				}
			});
			writer.start();
			writers.add(writer);
		}
		for (Thread writer : writers) {
			writer.join();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> outboxIds(redis, stream).size() >= 201);
		// Per user, the versions on the stream are exactly 1, 2, 3, ... in stream order:
		// nothing lost or reordered.
		List<java.util.Map<Object, Object>> events = redis.opsForStream()
			.range(stream, Range.unbounded())
			.map((record) -> record.getValue())
			.collectList()
			.block(Duration.ofSeconds(5));
		for (long user = 1; user <= 3; user++) {
			String id = Long.toString(user);
			List<Long> versions = events.stream()
				.filter((event) -> "update".equals(event.get("kind")) && id.equals(event.get("ids")))
				.map((event) -> Long.parseLong((String) event.get("versions")))
				.distinct()
				.toList();
			assertThat(versions).containsExactlyElementsOf(range(1, versions.size())).isNotEmpty();
		}
	}

	private OutboxRelay relay(PostgresEndpoint database, ReactiveStringRedisTemplate redis, String stream) {
		EventsProperties properties = new EventsProperties(true, stream, 10_000, Duration.ofMillis(100), 50,
				Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofHours(1));
		OutboxRelay relay = new OutboxRelay(
				EventsConfiguration.unpooled(database.r2dbcUrl(), database.username(), database.password()), redis,
				properties, new SimpleMeterRegistry(), Clock.systemUTC());
		this.cleanUp.add(relay::stop);
		return relay;
	}

	private static PostgresEndpoint migratedDatabase(String purpose) {
		PostgresEndpoint database = Infrastructure.freshDatabase(purpose);
		Flyway.configure()
			.dataSource(database.jdbcUrl(), database.username(), database.password())
			.schemas("users")
			.defaultSchema("users")
			.createSchemas(true)
			.load()
			.migrate();
		return database;
	}

	private ReactiveStringRedisTemplate redis(RedisEndpoint endpoint, int database) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration(endpoint.host(), endpoint.port());
		configuration.setDatabase(database);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
		factory.afterPropertiesSet();
		factory.start();
		this.cleanUp.add(factory::destroy);
		return new ReactiveStringRedisTemplate(factory);
	}

	private static void insertUsers(Connection sql, int count) throws SQLException {
		execute(sql,
				"insert into users.users (username, email, first_name, last_name, birth_date) "
						+ "select 'u' || g, 'u' || g || '@example.com', 'A', 'B', date '1990-01-01' "
						+ "from generate_series(1, " + count + ") g");
	}

	private static void execute(Connection sql, String statement) throws SQLException {
		try (Statement plain = sql.createStatement()) {
			plain.execute(statement);
		}
	}

	private static long unpublished(Connection sql) throws SQLException {
		try (Statement statement = sql.createStatement();
				var rows = statement.executeQuery("select count(*) from users.outbox where published_at is null")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/**
	 * The outbox ids on the stream in stream order, first occurrence only (delivery is at
	 * least once).
	 */
	private static List<Long> outboxIds(ReactiveStringRedisTemplate redis, String stream) {
		List<Long> ids = redis.opsForStream()
			.range(stream, Range.unbounded())
			.map((record) -> Long.parseLong((String) record.getValue().get("id")))
			.collectList()
			.onErrorReturn(List.of())
			.block(Duration.ofSeconds(5));
		return List.copyOf(new LinkedHashSet<>(ids));
	}

	private static List<Long> range(long first, long last) {
		List<Long> numbers = new ArrayList<>();
		for (long n = first; n <= last; n++) {
			numbers.add(n);
		}
		return numbers;
	}

}
