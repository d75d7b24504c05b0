package io.cachegate.cache.events;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.gateway.testsupport.TestOrigin;
import io.cachegate.gateway.testsupport.TestTokens;
import io.cachegate.stack.EmbeddedRedis;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.Ports;
import io.cachegate.stack.PostgresEndpoint;
import io.cachegate.stack.ServiceProcess.ServiceSpec;
import io.cachegate.stack.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path of a change made outside the API: an {@code UPDATE} in plain SQL (JDBC,
 * as psql would), the trigger's outbox row and {@code NOTIFY}, the real user-service's
 * relay, the stream, and two gateways each following it, measured until each serves the
 * new version of an entry it had cached. A Redis of this class's own (embedded), so a
 * thousand invalidations never reach other tests.
 *
 * <p>
 * Needs {@code user-service/target/user-service.jar}
 * ({@code ./mvnw -B -q -pl user-service package -DskipTests}); without it the test is
 * skipped, and says so.
 */
class SqlChangeLatencyIntegrationTests {

	private static final Path USERS_JAR = Path.of("../user-service/target/user-service.jar");

	private static final int CHANGES = 1000;

	/**
	 * Generous for a busy shared 2-core machine; the measured numbers are printed and
	 * reported.
	 */
	private static final Duration BOUND = Duration.ofSeconds(1);

	private static final TestTokens TOKENS = new TestTokens("sql-events-key");

	private static TestOrigin auth;

	private static EmbeddedRedis redis;

	private static ServiceProcess users;

	private static PostgresEndpoint database;

	private static GatewayInstance a;

	private static GatewayInstance b;

	@BeforeAll
	static void start() {
		assumeThat(Files.isRegularFile(USERS_JAR))
			.as("user-service jar not built: ./mvnw -B -q -pl user-service package -DskipTests")
			.isTrue();
		auth = TestOrigin.start();
		auth.on("GET", "/auth/jwks",
				request -> Reply.of(200, TOKENS.jwks()).header("Content-Type", "application/json"));
		redis = EmbeddedRedis.startOnFreePort();
		database = Infrastructure.freshDatabase("gateway_sql_events");
		String stream = "test:changes:" + UUID.randomUUID();
		users = ServiceProcess.start(
				new ServiceSpec("user-service", USERS_JAR, Ports.freePort(),
						Map.of("POSTGRES_HOST", database.host(), "POSTGRES_PORT", Integer.toString(database.port()),
								"POSTGRES_DB", database.database(), "POSTGRES_USER", database.username(),
								"POSTGRES_PASSWORD", database.password(), "REDIS_URL", redis.endpoint().url(),
								"AUTH_JWKS_URL", auth.url() + "/auth/jwks", "CACHEGATE_EVENTS_STREAM", stream),
						List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), Path.of("target/events/user-service.log")),
				Duration.ofSeconds(120));
		Map<String, String> common = Map.of("REDIS_URL", redis.endpoint().url(), "AUTH_SERVICE_URL", auth.url(),
				"AUTH_JWKS_URL", auth.url() + "/auth/jwks", "USER_SERVICE_URL", users.baseUrl(),
				"CACHEGATE_EVENTS_STREAM", stream, "CACHEGATE_CACHE_NEAR_ENABLED", System.getProperty("l1", "true"));
		a = GatewayInstance.start(with(common, "CACHEGATE_INSTANCE_ID", "a-" + UUID.randomUUID()));
		b = GatewayInstance.start(with(common, "CACHEGATE_INSTANCE_ID", "b-" + UUID.randomUUID()));
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { a, b, users, redis, auth }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// Best effort.
				}
			}
		}
	}

	@Test
	void anUpdateInPlainSqlReachesTheEntryCachedOnTwoInstancesWithinTheBound() throws SQLException {
		String token = "Bearer " + TOKENS.token("USER");
		long[] latencyA = new long[CHANGES];
		long[] latencyB = new long[CHANGES];
		try (Connection sql = Infrastructure.connect(database)) {
			long id = insertUser(sql);
			String path = "/users/" + id;
			for (int i = 0; i < CHANGES; i++) {
				awaitHit(a, path, token);
				awaitHit(b, path, token);
				long version = update(sql, id, "city-" + i);
				// The UPDATE has committed (autocommit) when it returns: from here on, a
				// read is stale.
				long committed = System.nanoTime();
				String etag = "\"" + version + "\"";
				boolean doneA = false;
				boolean doneB = false;
				while (!doneA || !doneB) {
					long now = System.nanoTime();
					assertThat(Duration.ofNanos(now - committed)).as("change %d still not seen", i)
						.isLessThan(BOUND.multipliedBy(5));
					if (!doneA && etag.equals(a.get(path, token).header("ETag").orElse(""))) {
						latencyA[i] = System.nanoTime() - committed;
						doneA = true;
					}
					if (!doneB && etag.equals(b.get(path, token).header("ETag").orElse(""))) {
						latencyB[i] = System.nanoTime() - committed;
						doneB = true;
					}
				}
			}
		}
		report("instance A", latencyA);
		report("instance B", latencyB);
		// Where the time goes: the relay (commit to publish, user-service) and each
		// follower (publish to invalidate).
		System.out.println("user-service relay lag: " + relayLag());
		for (GatewayInstance gateway : List.of(a, b)) {
			Timer lag = gateway.bean(MeterRegistry.class).find("cachegate.events.consumer.lag").timer();
			System.out.printf("gateway consumer lag: count %d, mean %.1f ms, max %.1f ms%n", lag.count(),
					lag.mean(TimeUnit.MILLISECONDS), lag.max(TimeUnit.MILLISECONDS));
		}
		assertThat(max(latencyA)).isLessThan(BOUND.toNanos());
		assertThat(max(latencyB)).isLessThan(BOUND.toNanos());
	}

	private static String relayLag() {
		try {
			String metrics = java.net.http.HttpClient.newHttpClient()
				.send(java.net.http.HttpRequest
					.newBuilder(java.net.URI.create(users.baseUrl() + "/actuator/prometheus"))
					.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
				.body();
			return metrics.lines().filter(line -> line.startsWith("cachegate_events_relay_lag")).toList().toString();
		}
		catch (Exception ex) {
			return "unavailable: " + ex;
		}
	}

	private static void report(String name, long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		System.out.printf(
				"SQL UPDATE -> served fresh through %s over %d changes: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", name,
				sorted.length, millis(sorted[sorted.length / 2]), millis(sorted[(int) (sorted.length * 0.99) - 1]),
				millis(sorted[sorted.length - 1]));
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	private static long max(long[] values) {
		return Arrays.stream(values).max().orElse(0);
	}

	private static void awaitHit(GatewayInstance gateway, String path, String token) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> {
			GatewayInstance.Response response = gateway.get(path, token);
			return response.status() == 200 && "HIT".equals(response.header("X-Cache").orElse(""));
		});
	}

	private static long insertUser(Connection sql) throws SQLException {
		String name = "sql" + Long.toHexString(System.nanoTime());
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

	private static long update(Connection sql, long id, String city) throws SQLException {
		try (PreparedStatement update = sql.prepareStatement(
				"update users.users set city = ?, version = version + 1 where id = ? returning version")) {
			update.setString(1, city);
			update.setLong(2, id);
			try (ResultSet rows = update.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private static Map<String, String> with(Map<String, String> common, String name, String value) {
		Map<String, String> settings = new java.util.HashMap<>(common);
		settings.put(name, value);
		return settings;
	}

}
