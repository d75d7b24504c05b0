package io.cachegate.users.importing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

import io.cachegate.stack.Ports;
import io.cachegate.stack.ServiceProcess;
import io.cachegate.users.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two user-service instances on one database and one stream: this test's context
 * (instance A) and a second, real process (instance B). They share the parts; and when B
 * is killed (SIGKILL) in the middle of its parts, A claims them after the claim timeout
 * and finishes them, losing and duplicating nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportFailoverIntegrationTests extends IntegrationTestBase {

	private static final String INSTANCE_B = "instance-b";

	private static ServiceProcess instanceB;

	@Autowired
	Environment environment;

	@Autowired
	DatabaseClient db;

	@Autowired
	ImportWorkers workers;

	@AfterAll
	static void stopInstanceB() {
		if (instanceB != null && instanceB.isAlive()) {
			instanceB.kill();
		}
	}

	@Test
	@Order(1)
	void twoInstancesShareTheParts() {
		startInstanceB();
		String prefix = unique();
		int rows = 60_000;
		String id = acceptedId(ImportFiles.csv(prefix, rows));
		Map<String, Object> status = awaitFinished(id);
		int invalid = 4 * ImportFiles.invalidPerKind(rows);
		int duplicates = ImportFiles.duplicates(rows);
		assertThat(status.get("status")).isEqualTo("completed");
		assertThat(ImportIntegrationTests.rows(status)).containsEntry("inserted", rows - invalid - duplicates)
			.containsEntry("duplicates", duplicates)
			.containsEntry("invalid", invalid);
		assertThat(workersOf(id)).containsExactlyInAnyOrder(this.workers.consumer(), INSTANCE_B);
		assertThat(countUsers(prefix)).isEqualTo(rows - invalid - duplicates);
	}

	@Test
	@Order(2)
	void partsOfAKilledInstanceAreFinishedByAnotherWithoutLossOrDuplicates() throws Exception {
		startInstanceB();
		String prefix = unique();
		int rows = 20_000;
		String id;
		this.workers.stop();
		try (Connection sql = jdbc()) {
			sql.setAutoCommit(false);
			try (Statement lock = sql.createStatement()) {
				// Inserts into users wait for this lock: B's workers take both parts,
				// write their ledger rows and
				// then hang inside their transactions, in the middle of the parts.
				lock.execute("lock table users.users in share mode");
			}
			id = acceptedId(ImportFiles.csv(prefix, rows));
			await().atMost(Duration.ofSeconds(30)).until(() -> waitingInserts(sql) == 2);
			instanceB.kill();
			sql.rollback();
		}
		finally {
			this.workers.start();
		}
		Map<String, Object> status = awaitFinished(id);
		int invalid = 4 * ImportFiles.invalidPerKind(rows);
		int duplicates = ImportFiles.duplicates(rows);
		assertThat(status.get("status")).isEqualTo("completed");
		assertThat(status.get("parts")).isEqualTo(Map.of("total", 2, "done", 2, "failed", 0));
		assertThat(ImportIntegrationTests.rows(status)).containsEntry("read", rows)
			.containsEntry("inserted", rows - invalid - duplicates)
			.containsEntry("duplicates", duplicates)
			.containsEntry("invalid", invalid);
		// B never committed: A did both parts, after claiming them.
		assertThat(workersOf(id)).containsExactly(this.workers.consumer());
		assertThat(countUsers(prefix)).isEqualTo(rows - invalid - duplicates);
	}

	private void startInstanceB() {
		if (instanceB != null && instanceB.isAlive()) {
			return;
		}
		Path jar = LauncherJar.create(Path.of("target", "import-tests"));
		Map<String, String> env = new HashMap<>();
		for (String name : List.of("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER",
				"POSTGRES_PASSWORD", "REDIS_URL", "AUTH_JWKS_URL", "CACHEGATE_EVENTS_STREAM", "CACHEGATE_IMPORT_STREAM",
				"CACHEGATE_IMPORT_DEAD_LETTER_STREAM", "CACHEGATE_IMPORT_CLAIM_TIMEOUT")) {
			String value = this.environment.getProperty(name);
			if (value != null) {
				env.put(name, value);
			}
		}
		env.put("CACHEGATE_IMPORT_CONSUMER", INSTANCE_B);
		env.put("LOG_LEVEL", "WARN");
		ServiceProcess.ServiceSpec spec = new ServiceProcess.ServiceSpec("user-service-b", jar, Ports.freePort(), env,
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), Path.of("target", "import-tests", "instance-b.log"));
		instanceB = ServiceProcess.start(spec, Duration.ofSeconds(90));
	}

	private String acceptedId(byte[] file) {
		return as("MANAGER").post()
			.uri("/users/import")
			.contentType(ImportIntegrationTests.CSV)
			.bodyValue(file)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("importId")
			.toString();
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> awaitFinished(String id) {
		return await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> as("MANAGER").get()
				.uri("/imports/" + id)
				.exchange()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody(),
					(status) -> "completed".equals(status.get("status")) || "failed".equals(status.get("status")));
	}

	private List<String> workersOf(String id) {
		return this.db.sql("select distinct worker from users.import_ledger where import_id = :id")
			.bind("id", UUID.fromString(id))
			.map((row) -> row.get("worker", String.class))
			.all()
			.collectList()
			.block(Duration.ofSeconds(5));
	}

	private long countUsers(String prefix) {
		return this.db.sql("select count(*) as n from users.users where username like :prefix")
			.bind("prefix", prefix + "%")
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(5));
	}

	private Connection jdbc() throws SQLException {
		String url = "jdbc:postgresql://" + this.environment.getProperty("POSTGRES_HOST") + ":"
				+ this.environment.getProperty("POSTGRES_PORT") + "/" + this.environment.getProperty("POSTGRES_DB");
		return DriverManager.getConnection(url, this.environment.getProperty("POSTGRES_USER"),
				this.environment.getProperty("POSTGRES_PASSWORD"));
	}

	private static long waitingInserts(Connection sql) throws SQLException {
		try (Statement statement = sql.createStatement()) {
			// Inside a transaction the statistics views are a snapshot: take a new one
			// each time.
			statement.execute("select pg_stat_clear_snapshot()");
		}
		try (Statement statement = sql.createStatement();
				ResultSet result = statement.executeQuery("select count(*) from pg_stat_activity where datname = "
						+ "current_database() and wait_event_type = 'Lock' and query like 'insert into users.users%'")) {
			result.next();
			return result.getLong(1);
		}
	}

}
