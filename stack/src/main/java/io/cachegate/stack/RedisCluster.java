package io.cachegate.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.core.ExecutableProvider;

/**
 * A Redis Cluster of real {@code redis-server} processes on this machine: three masters
 * and three replicas on free ports, created the way an operator would, with
 * {@code redis-cli --cluster create ... --cluster-replicas 1}. The server binary is the
 * PATH's {@code redis-server} (the Debian package), else the one shipped in the
 * embedded-redis artifact; {@code redis-cli} must be on the PATH. Nodes keep nothing on
 * disk but their cluster state, in a temporary folder removed on {@link #close()}.
 *
 * <p>
 * Tests that kill a master ({@link #killMasterOf}) start a cluster of their own; the
 * others share {@link Infrastructure#redisCluster()}. Every node is stopped by
 * {@link #close()} or, at the latest, when the JVM exits.
 *
 * <p>
 * {@code cluster-require-full-coverage no}: while a master is down, the other masters
 * keep serving their slots, as a production cluster should be configured.
 */
public final class RedisCluster implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisCluster.class);

	/** Masters; each gets one replica. */
	public static final int MASTERS = 3;

	/** The first port tried; each node also needs its bus port, 10000 above. */
	static final int FIRST_PORT = 7100;

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private final Path directory;

	private final Duration nodeTimeout;

	private final Map<Integer, Process> processes = new ConcurrentHashMap<>();

	private final List<Integer> ports;

	private final Thread shutdownHook = new Thread(this::stopAll, "redis-cluster-stop");

	private RedisCluster(Path directory, List<Integer> ports, Duration nodeTimeout) {
		this.directory = directory;
		this.ports = List.copyOf(ports);
		this.nodeTimeout = nodeTimeout;
	}

	/**
	 * Starts six nodes, creates the cluster and returns once every slot is served and
	 * every replica follows its master.
	 * @param nodeTimeout {@code cluster-node-timeout}: how long a master may be
	 * unreachable before its replica takes over (short in tests, a few seconds locally)
	 */
	public static RedisCluster start(Duration nodeTimeout) {
		String server = redisServerBinary();
		String cli = redisCli().orElseThrow(
				() -> new IllegalStateException("A local Redis Cluster needs redis-cli on the PATH to create it"
						+ " (Debian: apt-get install redis-tools), or a configured cluster"
						+ " (SPRING_DATA_REDIS_CLUSTER_NODES)"));
		Path directory;
		try {
			directory = Files.createTempDirectory("cachegate-redis-cluster-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No folder for the cluster's nodes", ex);
		}
		RedisCluster cluster = new RedisCluster(directory, freePorts(MASTERS * 2), nodeTimeout);
		Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
		try {
			long started = System.nanoTime();
			cluster.ports.forEach(port -> cluster.startNode(server, port));
			cluster.ports.forEach(port -> cluster.awaitPort(port, true));
			cluster.create(cli);
			cluster.awaitHealthy();
			logger.info("Started a Redis Cluster of {} masters and {} replicas on ports {} in {} ms (node timeout {})",
					MASTERS, MASTERS, cluster.ports, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
					nodeTimeout);
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** Every node, masters and replicas, as created (killed ones included). */
	public RedisClusterEndpoint endpoint() {
		return new RedisClusterEndpoint(
				ports.stream().map(port -> new RedisEndpoint("127.0.0.1", port, "local cluster")).toList(),
				"local cluster");
	}

	/** The nodes that are running now. */
	public List<RedisEndpoint> liveNodes() {
		return endpoint().nodes().stream().filter(node -> isRunning(node.port())).toList();
	}

	/**
	 * The master that serves the slot of {@code key} now, as a living node sees it; empty
	 * while that slot has none (its master failed and no replica took over yet).
	 */
	public Optional<RedisEndpoint> masterOf(String key) {
		RedisEndpoint any = liveNodes().get(0);
		int slot = Integer.parseInt(cli(any.port(), "CLUSTER", "KEYSLOT", key).trim());
		return ClusterNodes.parse(cli(any.port(), "CLUSTER", "NODES"))
			.stream()
			.filter(node -> node.isLiveMaster() && node.serves(slot) && isRunning(node.port()))
			.findFirst()
			.map(node -> new RedisEndpoint("127.0.0.1", node.port(), "local cluster"));
	}

	/**
	 * Kills (SIGKILL, as a crash) the master serving {@code key}; its replica takes over
	 * after the node timeout. Returns the node killed.
	 */
	public RedisEndpoint killMasterOf(String key) {
		RedisEndpoint master = masterOf(key)
			.orElseThrow(() -> new IllegalStateException("No live master serves the slot of " + key));
		Process process = processes.remove(master.port());
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		awaitPort(master.port(), false);
		logger.info("Killed the master on port {}", master.port());
		return master;
	}

	/**
	 * Returns once the living nodes agree that every slot is served again (after a
	 * failover, by a promoted replica).
	 */
	public void awaitHealthy() {
		await("the cluster to serve every slot", () -> liveNodes().stream().allMatch(node -> {
			String info = cli(node.port(), "CLUSTER", "INFO");
			return info.contains("cluster_state:ok") && info.contains("cluster_slots_ok:16384")
					&& ClusterNodes.parse(cli(node.port(), "CLUSTER", "NODES"))
						.stream()
						.filter(ClusterNodes.Node::isReplica)
						.allMatch(replica -> !isRunning(replica.port())
								|| cli(replica.port(), "INFO", "replication").contains("master_link_status:up"));
		}));
	}

	/** The node timeout the cluster was made with. */
	public Duration nodeTimeout() {
		return nodeTimeout;
	}

	@Override
	public void close() {
		stopAll();
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: the hook is running or has run.
		}
	}

	private void stopAll() {
		processes.values().forEach(Process::destroyForcibly);
		processes.clear();
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException | UncheckedIOException ex) {
			// A temporary folder: left for the system to clean.
		}
	}

	private boolean isRunning(int port) {
		Process process = processes.get(port);
		return process != null && process.isAlive();
	}

	private void startNode(String server, int port) {
		List<String> command = List.of(server, "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
				"--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()), "--cluster-require-full-coverage",
				"no", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", directory.toString(),
				"--logfile", directory.resolve("redis-" + port + ".log").toString());
		try {
			processes.put(port,
					new ProcessBuilder(command).redirectErrorStream(true)
						.redirectOutput(directory.resolve("redis-" + port + ".out").toFile())
						.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + server + " on port " + port, ex);
		}
	}

	private void create(String cli) {
		List<String> command = new ArrayList<>(List.of(cli, "--cluster", "create"));
		ports.forEach(port -> command.add("127.0.0.1:" + port));
		command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
		Result result = run(command, STARTUP);
		if (result.exitCode() != 0 || !result.output().contains("All 16384 slots covered")) {
			throw new IllegalStateException("redis-cli --cluster create failed (exit " + result.exitCode() + "):\n"
					+ result.output() + "\nnode logs: " + directory);
		}
	}

	private String cli(int port, String... arguments) {
		List<String> command = new ArrayList<>(
				List.of(redisCli().orElseThrow(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
		command.addAll(List.of(arguments));
		Result result = run(command, Duration.ofSeconds(10));
		if (result.exitCode() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + result.output());
		}
		return result.output();
	}

	private void awaitPort(int port, boolean open) {
		await("port " + port + " to be " + (open ? "open" : "closed"),
				() -> Ports.isOpen("127.0.0.1", port, 200) == open);
	}

	private static void await(String what, java.util.function.BooleanSupplier condition) {
		long deadline = System.nanoTime() + STARTUP.toNanos();
		RuntimeException last = null;
		while (System.nanoTime() < deadline) {
			try {
				if (condition.getAsBoolean()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				last = ex;
			}
			LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
		}
		throw new IllegalStateException("Timed out after " + STARTUP.toSeconds() + "s waiting for " + what, last);
	}

	private record Result(int exitCode, String output) {
	}

	private static Result run(List<String> command, Duration timeout) {
		Path output = null;
		try {
			output = Files.createTempFile("redis-cli-", ".out");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
				.redirectOutput(output.toFile())
				.start();
			boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (!exited) {
				process.destroyForcibly();
			}
			String text = Files.readString(output, StandardCharsets.UTF_8);
			return exited ? new Result(process.exitValue(), text) : new Result(-1, "timed out: " + text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command.get(0), ex);
		}
		finally {
			if (output != null) {
				output.toFile().delete();
			}
		}
	}

	/**
	 * Ports from {@link #FIRST_PORT} up whose bus port (10000 above) is free too,
	 * skipping 6379.
	 */
	static List<Integer> freePorts(int count) {
		List<Integer> found = new ArrayList<>();
		for (int port = FIRST_PORT; port < 55_535 && found.size() < count; port++) {
			if (Ports.isFree(port) && Ports.isFree(port + 10_000)) {
				found.add(port);
			}
		}
		if (found.size() < count) {
			throw new IllegalStateException("Not enough free ports for a Redis Cluster from " + FIRST_PORT);
		}
		return found;
	}

	/** The PATH's redis-server, else the one in the embedded-redis artifact. */
	static String redisServerBinary() {
		Optional<String> onPath = onPath("redis-server");
		if (onPath.isPresent()) {
			return onPath.get();
		}
		try {
			return ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No redis-server on the PATH and none in the embedded-redis artifact", ex);
		}
	}

	static Optional<String> redisCli() {
		return onPath("redis-cli");
	}

	private static Optional<String> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(File.pathSeparator))
			.map(folder -> Path.of(folder, name))
			.filter(Files::isExecutable)
			.map(Path::toString)
			.findFirst();
	}

}
