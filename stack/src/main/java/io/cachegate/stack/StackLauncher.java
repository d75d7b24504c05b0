package io.cachegate.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cachegate.stack.ServiceProcess.ServiceSpec;

/**
 * Starts the whole stack on one machine: Redis and PostgreSQL (the configured ones when
 * they answer, else embedded ones), then auth-service, user-service and the gateway from
 * their jars, and prints where everything listens and how to log in. Ctrl-C stops it all.
 *
 * <p>
 * Run from the repository root after {@code ./mvnw -DskipTests package} (the
 * {@code ./run} script does both). Settings: the infrastructure variables of
 * {@link InfrastructureSettings}, plus {@code CACHEGATE_AUTH_PORT} (8081),
 * {@code CACHEGATE_USERS_PORT} (8082), {@code CACHEGATE_GATEWAY_PORT} (8888),
 * {@code CACHEGATE_ADMIN_USERNAME} (admin), {@code CACHEGATE_ADMIN_PASSWORD} (made once
 * and kept in {@code .cachegate/admin-password}), {@code CACHEGATE_HOME} (the repository
 * root, default the current folder), {@code CACHEGATE_SERVICE_JVM_OPTS} (default
 * {@code -Xmx512m}) and {@code CACHEGATE_START_TIMEOUT} (how long each service may take
 * to become healthy, default {@link #DEFAULT_START_TIMEOUT}). Every other variable is
 * passed on to the services.
 *
 * <p>
 * {@code --redis-cluster}: the stack runs on a Redis Cluster instead of a single Redis:
 * the configured one ({@code SPRING_DATA_REDIS_CLUSTER_NODES}) when it answers, else a
 * local one of six {@code redis-server} processes ({@link RedisCluster}); every service
 * gets its nodes in {@code SPRING_DATA_REDIS_CLUSTER_NODES}.
 *
 * <p>
 * {@code --demo [N]} seeds N users (default 10,000) through the data generator once the
 * stack is up ({@link DemoUsers}).
 */
public final class StackLauncher {

	/**
	 * The local cluster's {@code cluster-node-timeout}: a dead master is replaced within
	 * a few seconds, and a pause of a busy laptop is not taken for a death.
	 */
	private static final Duration LOCAL_CLUSTER_NODE_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * How long each service may take to answer its health check: a JVM service starts in
	 * 10 to 30 s on an idle laptop, several times that on a machine busy with builds.
	 */
	static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(300);

	static final String START_TIMEOUT = "CACHEGATE_START_TIMEOUT";

	private StackLauncher() {
	}

	public static void main(String[] args) throws InterruptedException {
		LaunchOptions options;
		try {
			options = LaunchOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Map<String, String> env = System.getenv();
		Duration timeout;
		try {
			timeout = startTimeout(env);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		Path home = Path.of(env.getOrDefault("CACHEGATE_HOME", ".")).toAbsolutePath().normalize();
		Path state = home.resolve(".cachegate");
		InfrastructureSettings settings = InfrastructureSettings.fromEnvironment();
		boolean onCluster = options.redisCluster();
		RedisClusterEndpoint cluster = onCluster
				? Infrastructure.resolveRedisCluster(settings, LOCAL_CLUSTER_NODE_TIMEOUT) : null;
		RedisEndpoint redis = onCluster ? null : Infrastructure.resolveRedis(settings);
		PostgresEndpoint postgres = Infrastructure.resolvePostgres(settings, state.resolve("pgdata"));
		LocalSecrets secrets = new LocalSecrets(state);

		int authPort = port(env, "CACHEGATE_AUTH_PORT", 8081);
		int usersPort = port(env, "CACHEGATE_USERS_PORT", 8082);
		int gatewayPort = port(env, "CACHEGATE_GATEWAY_PORT", 8888);
		String adminUsername = env.getOrDefault("CACHEGATE_ADMIN_USERNAME", "admin");
		String adminPassword = secrets.adminPassword(env.get("CACHEGATE_ADMIN_PASSWORD"));

		Map<String, String> shared = new HashMap<>();
		if (onCluster) {
			shared.put("SPRING_DATA_REDIS_CLUSTER_NODES", cluster.nodesProperty());
			// The users route's cache spread over the masters: 12 buckets sit 4 on each
			// of
			// three masters (gateway/CACHE.md, "Redis keys").
			shared.put("CACHEGATE_CACHE_ROUTES_USERS_BUCKETS",
					env.getOrDefault("CACHEGATE_CACHE_ROUTES_USERS_BUCKETS", "12"));
		}
		else {
			// A configured URL is passed on whole, so a logical database
			// (redis://host:6379/5) is kept.
			shared.put("REDIS_URL", "configured".equals(redis.origin()) ? settings.redisUrl().toString() : redis.url());
		}
		shared.put("POSTGRES_HOST", postgres.host());
		shared.put("POSTGRES_PORT", Integer.toString(postgres.port()));
		shared.put("POSTGRES_DB", postgres.database());
		shared.put("POSTGRES_USER", postgres.username());
		shared.put("POSTGRES_PASSWORD", postgres.password());
		shared.put("AUTH_JWKS_URL", "http://127.0.0.1:" + authPort + "/auth/jwks");
		shared.put("AUTH_SERVICE_URL", "http://127.0.0.1:" + authPort);
		shared.put("USER_SERVICE_URL", "http://127.0.0.1:" + usersPort);

		Map<String, String> auth = new HashMap<>(shared);
		auth.put("CACHEGATE_ADMIN_USERNAME", adminUsername);
		auth.put("CACHEGATE_ADMIN_PASSWORD", adminPassword);
		// The gateway runs on this host: auth-service believes the client address it
		// reports (and nobody else's).
		auth.put("CACHEGATE_TRUSTED_PROXIES", env.getOrDefault("CACHEGATE_TRUSTED_PROXIES", "127.0.0.1,::1"));
		if (!env.containsKey("CACHEGATE_JWT_KEYS") && !env.containsKey("CACHEGATE_JWT_KEY_FILE")) {
			auth.put("CACHEGATE_JWT_KEY_FILE", secrets.signingKeyFile().toString());
		}
		Map<String, String> gateway = new HashMap<>(shared);
		gateway.putIfAbsent("CACHEGATE_BASIC_CACHE_SECRET",
				env.getOrDefault("CACHEGATE_BASIC_CACHE_SECRET", secrets.basicCacheSecret()));

		List<String> jvm = List.of(env.getOrDefault("CACHEGATE_SERVICE_JVM_OPTS", "-Xmx512m").trim().split("\\s+"));
		Path logs = state.resolve("logs");
		List<ServiceProcess> started = new ArrayList<>();
		AtomicBoolean stopping = new AtomicBoolean();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stopping.set(true);
			for (int i = started.size() - 1; i >= 0; i--) {
				started.get(i).stop();
			}
		}, "stack-stop"));

		try {
			started.add(ServiceProcess.start(service(home, "auth-service", authPort, auth, jvm, logs), timeout));
			if (!AdminLogin.works(started.get(0).baseUrl(), adminUsername, adminPassword)) {
				System.err.println("WARNING: '" + adminUsername
						+ "' cannot log in with the password shown below: the admin" + " already existed in "
						+ postgres.jdbcUrl() + " (made by another checkout or an earlier"
						+ " CACHEGATE_ADMIN_PASSWORD) and keeps the password it was made with. Use that one, or point"
						+ " POSTGRES_DB at another database.");
			}
			started.add(ServiceProcess.start(service(home, "user-service", usersPort, shared, jvm, logs), timeout));
			started.add(ServiceProcess.start(service(home, "gateway", gatewayPort, gateway, jvm, logs), timeout));
		}
		catch (IllegalStateException ex) {
			// Not a stack trace: which service, where its log is, and what to change.
			System.err.println("Cachegate did not start: " + ex.getMessage());
			if (ex instanceof ServiceProcess.StartTimeoutException) {
				System.err.println("On a busy machine, allow more time: " + START_TIMEOUT + "=600s ./run (now "
						+ timeout.toSeconds() + " s).");
			}
			System.exit(1);
			return;
		}

		Map<String, String> described = new TreeMap<>(gateway);
		described.put("CACHEGATE_AUTH_PORT", Integer.toString(authPort));
		described.put("CACHEGATE_USERS_PORT", Integer.toString(usersPort));
		described.put("CACHEGATE_GATEWAY_PORT", Integer.toString(gatewayPort));
		described.put("CACHEGATE_ADMIN_USERNAME", adminUsername);
		described.put("CACHEGATE_ADMIN_PASSWORD", adminPassword);
		writeEnvironmentFile(state.resolve("stack.env"), described);
		String redisLine = onCluster ? "cluster " + cluster.nodesProperty() + " (" + cluster.origin() + ")"
				: redis.url() + " (" + redis.origin() + ")";
		if (options.demoUsers().isPresent()) {
			seedDemoUsers(DemoUsers.ofRepository(home), options.demoUsers().getAsInt(), started.get(0).baseUrl(),
					started.get(1).baseUrl(), adminUsername, adminPassword);
		}
		System.out.println(summary(redisLine, postgres, started, logs, adminUsername, adminPassword, gatewayPort));
		while (started.stream().allMatch(ServiceProcess::isAlive)) {
			Thread.sleep(1000);
		}
		if (stopping.get()) {
			// Ctrl-C: the shutdown hook is stopping the services; exiting from here would
			// wait on it forever.
			return;
		}
		started.stream()
			.filter(service -> !service.isAlive())
			.forEach(service -> System.err.println(service.name() + " stopped; see " + service.logFile()));
		System.exit(1);
	}

	/**
	 * {@code CACHEGATE_START_TIMEOUT}: seconds ({@code 300}, {@code 300s}), minutes
	 * ({@code 5m}) or an ISO-8601 duration ({@code PT5M}); {@link #DEFAULT_START_TIMEOUT}
	 * when unset.
	 */
	static Duration startTimeout(Map<String, String> env) {
		String value = env.get(START_TIMEOUT);
		if (value == null || value.isBlank()) {
			return DEFAULT_START_TIMEOUT;
		}
		String text = value.trim().toLowerCase(Locale.ROOT);
		try {
			Duration timeout;
			if (text.startsWith("pt")) {
				timeout = Duration.parse(text);
			}
			else if (text.endsWith("m")) {
				timeout = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
			}
			else {
				timeout = Duration
					.ofSeconds(Long.parseLong(text.endsWith("s") ? text.substring(0, text.length() - 1) : text));
			}
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException(START_TIMEOUT + " must be positive, not '" + value + "'");
			}
			return timeout;
		}
		catch (NumberFormatException | DateTimeParseException ex) {
			throw new IllegalArgumentException(
					START_TIMEOUT + " must be seconds (300 or 300s), minutes (5m) or PT5M, not '" + value + "'");
		}
	}

	/**
	 * {@code --demo N}: seeds N users through the data generator unless user-service has
	 * them already. A failure is reported and the stack keeps running.
	 */
	private static void seedDemoUsers(DemoUsers demo, int users, String authUrl, String usersUrl, String adminUsername,
			String adminPassword) throws InterruptedException {
		String token = AdminLogin.token(authUrl, adminUsername, adminPassword).orElse(null);
		if (token == null) {
			System.err.println("Demo data not seeded: '" + adminUsername + "' cannot log in (see the warning above).");
			return;
		}
		System.out.println("Demo data: " + users + " users through the data generator (perf/datagen)...");
		try {
			switch (demo.seed(users, usersUrl, token)) {
				case ALREADY_SEEDED -> System.out
					.println("Demo data: user-service has " + users + " users or more already; nothing seeded.");
				case SEEDED -> System.out.println("Demo data: " + users + " users seeded.");
				case INCOMPLETE -> System.err
					.println("Demo data: the generator did not create every user; its summary above says why.");
			}
		}
		catch (IOException ex) {
			System.err.println("Demo data not seeded: " + ex.getMessage());
		}
	}

	/**
	 * Writes what the running stack uses (endpoints, ports, the admin login) as shell
	 * variable assignments, so tools such as the benchmark can join it:
	 * {@code set -a; . .cachegate/stack.env}. It holds passwords, so only its owner may
	 * read it (0600).
	 */
	static void writeEnvironmentFile(Path file, Map<String, String> values) {
		StringBuilder out = new StringBuilder(
				"# Written by the stack launcher at start; describes the running stack.\n");
		values
			.forEach((name, value) -> out.append(name).append("='").append(value.replace("'", "'\\''")).append("'\n"));
		try {
			LocalSecrets.writeOwnerOnly(file, out.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + file, ex);
		}
	}

	private static ServiceSpec service(Path home, String name, int port, Map<String, String> environment,
			List<String> jvm, Path logs) {
		return new ServiceSpec(name, home.resolve(name).resolve("target").resolve(name + ".jar"), port, environment,
				jvm, logs.resolve(name + ".log"));
	}

	private static int port(Map<String, String> env, String name, int fallback) {
		String value = env.get(name);
		return (value == null || value.isBlank()) ? fallback : Integer.parseInt(value.trim());
	}

	static String summary(String redis, PostgresEndpoint postgres, List<ServiceProcess> services, Path logs,
			String adminUsername, String adminPassword, int gatewayPort) {
		StringBuilder out = new StringBuilder("\nCachegate is up.\n\n");
		out.append(String.format("  %-13s %s%n", "redis", redis));
		out.append(String.format("  %-13s %s (%s)%n", "postgres", postgres.jdbcUrl(), postgres.origin()));
		for (ServiceProcess service : services) {
			out.append(String.format("  %-13s %s%n", service.name(), service.baseUrl()));
		}
		out.append("\n  logs: ").append(logs).append('\n');
		out.append("  admin login: ").append(adminUsername).append(" / ").append(adminPassword).append('\n');
		out.append("\nTry it:\n");
		String gateway = "http://127.0.0.1:" + gatewayPort;
		out.append("  TOKEN=$(curl -s -u '")
			.append(adminUsername)
			.append(':')
			.append(adminPassword)
			.append("' -X POST ")
			.append(gateway)
			.append("/auth/token | sed -E 's/.*\"access_token\":\"([^\"]+)\".*/\\1/')\n");
		out.append("  curl -i -H \"Authorization: Bearer $TOKEN\" ").append(gateway).append("/users?size=5\n");
		out.append("\nCtrl-C stops everything.\n");
		return out.toString();
	}

}
