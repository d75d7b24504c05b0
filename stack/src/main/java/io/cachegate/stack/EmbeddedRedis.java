package io.cachegate.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import redis.embedded.RedisServer;

/**
 * A real {@code redis-server} binary (shipped in the embedded-redis Maven artifact) on a
 * port of its own. Tests that stop or restart Redis use one of these, never the machine's
 * shared server. It keeps nothing on disk, so a restart starts empty, like the shared
 * server here.
 */
public final class EmbeddedRedis implements AutoCloseable {

	private final int port;

	private RedisServer server;

	private EmbeddedRedis(int port) {
		this.port = port;
	}

	/** Starts a server on a free port. */
	public static EmbeddedRedis startOnFreePort() {
		return startOn(Ports.freePort());
	}

	/** Starts a server on the given port. */
	public static EmbeddedRedis startOn(int port) {
		EmbeddedRedis redis = new EmbeddedRedis(port);
		redis.start();
		return redis;
	}

	public int port() {
		return port;
	}

	public RedisEndpoint endpoint() {
		return new RedisEndpoint("127.0.0.1", port, "embedded");
	}

	/** (Re)starts the server on its port; returns once it accepts connections. */
	public synchronized void start() {
		if (server != null && server.isActive()) {
			return;
		}
		try {
			server = RedisServer.newRedisServer()
				.port(port)
				.bind("127.0.0.1")
				.setting("save \"\"")
				.setting("appendonly no")
				.setting("daemonize no")
				.onShutdownForceStop(true)
				.build();
			server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded Redis did not start on port " + port, ex);
		}
		awaitPort(true);
	}

	/** Stops the server; returns once the port refuses connections. */
	public synchronized void stop() {
		if (server == null) {
			return;
		}
		try {
			server.stop();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Embedded Redis did not stop", ex);
		}
		server = null;
		awaitPort(false);
	}

	public synchronized boolean isRunning() {
		return server != null && server.isActive();
	}

	@Override
	public void close() {
		stop();
	}

	private void awaitPort(boolean open) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (Ports.isOpen("127.0.0.1", port, 200) != open) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Embedded Redis on port " + port + " did not become "
						+ (open ? "reachable" : "unreachable") + " within 10s");
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
	}

}
