package io.cachegate.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One Cachegate service (a runnable jar) as a child process on a port of its own. The
 * launcher starts the stack with these, and end-to-end tests start the real services with
 * them.
 */
public final class ServiceProcess implements AutoCloseable {

	private final ServiceSpec spec;

	private final Process process;

	private ServiceProcess(ServiceSpec spec, Process process) {
		this.spec = spec;
		this.process = process;
	}

	/**
	 * What to run.
	 *
	 * @param name a short name for logs (auth-service, user-service, gateway)
	 * @param jar the runnable jar
	 * @param port the port it listens on (passed as {@code SERVER_PORT})
	 * @param environment variables added to this process's environment
	 * @param jvmArguments options for the JVM, such as {@code -Xmx256m}
	 * @param logFile where its standard output and error go
	 */
	public record ServiceSpec(String name, Path jar, int port, Map<String, String> environment,
			List<String> jvmArguments, Path logFile) {

		public ServiceSpec {
			environment = Map.copyOf(environment);
			jvmArguments = List.copyOf(jvmArguments);
		}

	}

	/**
	 * Starts the service and waits until {@code /actuator/health} answers 200, or fails
	 * with its log's tail. Fails at once when its port is taken.
	 */
	public static ServiceProcess start(ServiceSpec spec, Duration timeout) {
		if (!Ports.isFree(spec.port())) {
			// Its health check would be answered by whatever holds the port.
			throw new IllegalStateException(spec.name() + ": port " + spec.port()
					+ " is taken (another stack still running or stopping?); stop it, or choose another port");
		}
		if (!Files.isRegularFile(spec.jar())) {
			throw new IllegalStateException(spec.name() + ": no jar at " + spec.jar().toAbsolutePath()
					+ " (build it first: ./mvnw -DskipTests package)");
		}
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(spec.jvmArguments());
		command.add("-jar");
		command.add(spec.jar().toAbsolutePath().toString());
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(spec.environment());
		builder.environment().put("SERVER_PORT", Integer.toString(spec.port()));
		try {
			Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
			builder.redirectOutput(spec.logFile().toFile());
			ServiceProcess service = new ServiceProcess(spec, builder.start());
			service.awaitHealthy(timeout);
			return service;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(spec.name() + " did not start", ex);
		}
	}

	public String name() {
		return spec.name();
	}

	public int port() {
		return spec.port();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + spec.port();
	}

	public Path logFile() {
		return spec.logFile();
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	public ProcessHandle handle() {
		return process.toHandle();
	}

	/** Stops gracefully (SIGTERM), then forcibly after a grace period. */
	public void stop() {
		process.destroy();
		try {
			if (!process.waitFor(15, TimeUnit.SECONDS)) {
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill();
		}
	}

	/** Kills at once (SIGKILL), as a crash would. */
	public void kill() {
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitHealthy(Duration timeout) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(
						spec.name() + " exited with code " + process.exitValue() + " while starting; its log is "
								+ spec.logFile().toAbsolutePath() + " and ends with:\n" + tail());
			}
			try {
				if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
		kill();
		throw new StartTimeoutException(spec.name() + " did not become healthy (" + baseUrl()
				+ "/actuator/health) within " + timeout.toSeconds() + " s and was stopped; its log is "
				+ spec.logFile().toAbsolutePath() + " and ends with:\n" + tail());
	}

	/** A service that was still not healthy when its time to start was over. */
	public static final class StartTimeoutException extends IllegalStateException {

		StartTimeoutException(String message) {
			super(message);
		}

	}

	private String tail() {
		try {
			List<String> lines = Files.readAllLines(spec.logFile());
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
