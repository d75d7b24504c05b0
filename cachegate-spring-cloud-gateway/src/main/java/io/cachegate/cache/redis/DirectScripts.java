package io.cachegate.cache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs a Lua script by its SHA-1 on Lettuce's asynchronous API, for the calls every cache
 * hit makes: connections of its own (one per request event loop by default, so replies
 * are spread over Lettuce's I/O threads instead of queueing behind one), the
 * {@link RedisGuard}'s timeout and circuit breaker applied without building a Reactor
 * operator chain per call, and the reply handed back to the event loop that asked.
 *
 * <p>
 * Why not {@code ReactiveRedisTemplate} here: per call it wraps a new reactive
 * connection, builds a Lettuce reactive publisher with its own queue, a chain of Reactor
 * operators for the script executor, the timeout and the breaker, and copies the reply
 * once more into a byte array; together more than half of what a hit allocated. What is
 * left per call is Lettuce's command and its future, one object of this class, and the
 * timeout's task on the event loop.
 *
 * <p>
 * Until its connections are open ({@link #connect()}, at start-up, off the event loops)
 * or when Lettuce's client is of a kind it does not know, {@link #ready()} is false and
 * callers use the template. A script the server does not know (Redis restarted) is sent
 * once in full, which also loads it.
 *
 * <p>
 * The connections belong to Lettuce's client, which Spring Data's connection factory
 * shuts down when it stops and makes anew when it starts again. This class is a
 * {@link SmartLifecycle} of a later phase than the factory's: it closes its connections
 * before the factory stops, and opens new ones from the factory's new client after it
 * starts. A connection Lettuce reports closed anyway drops them all, and lookups use the
 * template until they are opened again.
 */
public final class DirectScripts implements SmartLifecycle, AutoCloseable {

	/**
	 * After Spring Data's connection factory (phase 0): started after it, stopped before
	 * it.
	 */
	static final int PHASE = 1;

	private static final Logger logger = LoggerFactory.getLogger(DirectScripts.class);

	private static final long RETRY_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final Supplier<AbstractRedisClient> client;

	final RedisGuard guard;

	final long timeoutNanos;

	private final int size;

	private final List<StatefulConnection<byte[], byte[]>> connections = new ArrayList<>();

	private final ConcurrentHashMap<EventExecutor, RedisScriptingAsyncCommands<byte[], byte[]>> byLoop = new ConcurrentHashMap<>();

	private final AtomicInteger nextSlot = new AtomicInteger();

	private final AtomicBoolean connecting = new AtomicBoolean();

	private volatile List<RedisScriptingAsyncCommands<byte[], byte[]>> commands = List.of();

	private volatile long lastAttempt = System.nanoTime() - RETRY_INTERVAL_NANOS;

	private volatile boolean stopped;

	/**
	 * @param client Lettuce's client, as Spring Boot configured it (options, resources,
	 * URI)
	 * @param guard the timeout and breaker of every call
	 * @param size how many connections to open; 0: none, the direct path is off
	 */
	public DirectScripts(Supplier<AbstractRedisClient> client, RedisGuard guard, int size) {
		this.client = client;
		this.guard = guard;
		this.timeoutNanos = guard.timeout().toNanos();
		this.size = Math.max(0, size);
	}

	/** Whether calls can go out on the connections of this class. */
	public boolean ready() {
		return !commands.isEmpty();
	}

	/**
	 * Opens the connections; blocks, so never on an event loop. Does nothing when they
	 * are open, or when Lettuce's client is neither a standalone nor a cluster client.
	 * @return whether the connections are open
	 */
	public boolean connect() {
		if (ready()) {
			return true;
		}
		if (size == 0 || stopped) {
			return false;
		}
		if (!connecting.compareAndSet(false, true)) {
			return false;
		}
		lastAttempt = System.nanoTime();
		List<StatefulConnection<byte[], byte[]>> opened = new ArrayList<>(size);
		try {
			AbstractRedisClient redis = client.get();
			List<RedisScriptingAsyncCommands<byte[], byte[]>> calls = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				if (redis instanceof RedisClient standalone) {
					StatefulRedisConnection<byte[], byte[]> connection = standalone.connect(ByteArrayCodec.INSTANCE);
					opened.add(connection);
					calls.add(connection.async());
				}
				else if (redis instanceof RedisClusterClient cluster) {
					StatefulRedisClusterConnection<byte[], byte[]> connection = cluster
						.connect(ByteArrayCodec.INSTANCE);
					opened.add(connection);
					calls.add(connection.async());
				}
				else {
					logger.info("Lettuce client {} is not one the direct script path knows; lookups use the template",
							redis == null ? null : redis.getClass().getName());
					return false;
				}
				withoutCommandExpiry(opened.get(i));
			}
			synchronized (connections) {
				if (stopped) {
					return false;
				}
				connections.addAll(opened);
				opened.clear();
				commands = List.copyOf(calls);
			}
			return true;
		}
		catch (RuntimeException ex) {
			logger.debug("Direct Redis connections not opened: {}", ex.toString());
			return false;
		}
		finally {
			opened.forEach(StatefulConnection::closeAsync);
			connecting.set(false);
		}
	}

	/**
	 * Opens the connections on a worker thread if they are not open, at most once per
	 * {@link #RETRY_INTERVAL_NANOS}: for when Redis was away at start-up.
	 */
	public void connectInBackground() {
		if (size > 0 && !stopped && !ready() && !connecting.get()
				&& System.nanoTime() - lastAttempt > RETRY_INTERVAL_NANOS) {
			Schedulers.boundedElastic().schedule(this::connect);
		}
	}

	/**
	 * Lettuce would schedule an expiry task of its own for every command (the client's
	 * command timeout); each call here already has the guard's timeout, so the
	 * connection's is switched off.
	 */
	private static void withoutCommandExpiry(StatefulConnection<?, ?> connection) {
		connection.setTimeout(Duration.ZERO);
	}

	/**
	 * Runs the script; the value comes on the event loop of the calling thread (when it
	 * is one). Fails with {@link RedisUnavailableException} on a timeout, an open circuit
	 * or any Redis error. Only to be called when {@link #ready()}.
	 */
	public <T> Mono<T> run(RedisScript<?> script, ScriptOutputType type, byte[][] keys, byte[]... args) {
		return Mono.create(sink -> {
			EventExecutor loop = ThreadExecutorMap.currentExecutor();
			if (!guard.tryAcquire()) {
				sink.error(new RedisUnavailableException(new IllegalStateException("Redis circuit is open")));
				return;
			}
			new ScriptCall<T>(this, commandsFor(loop), script, type, keys, args, sink, loop).start();
		});
	}

	private RedisScriptingAsyncCommands<byte[], byte[]> commandsFor(EventExecutor loop) {
		List<RedisScriptingAsyncCommands<byte[], byte[]>> all = commands;
		if (loop == null) {
			return all.get(Math.floorMod(nextSlot.getAndIncrement(), all.size()));
		}
		RedisScriptingAsyncCommands<byte[], byte[]> mine = byLoop.get(loop);
		if (mine == null) {
			mine = byLoop.computeIfAbsent(loop, key -> all.get(Math.floorMod(nextSlot.getAndIncrement(), all.size())));
		}
		return mine;
	}

	/**
	 * Drops the connections a closed one belongs to (only those: connections opened since
	 * are kept) and opens new ones in the background.
	 */
	void reset(RedisScriptingAsyncCommands<byte[], byte[]> failed) {
		synchronized (connections) {
			if (!commands.contains(failed)) {
				return;
			}
			closeConnections();
		}
		connectInBackground();
	}

	/**
	 * Takes the connections out of use, then closes them. Closing fails the calls still
	 * on them, and such a failure may call {@link #reset} on this same thread: by then
	 * the list is empty and the calls' connections are no longer in use, so it returns.
	 */
	private void closeConnections() {
		List<StatefulConnection<byte[], byte[]>> closing;
		synchronized (connections) {
			commands = List.of();
			byLoop.clear();
			closing = List.copyOf(connections);
			connections.clear();
		}
		closing.forEach(StatefulConnection::closeAsync);
	}

	/**
	 * Allows connections again; the next lookup opens them
	 * ({@link #connectInBackground()}).
	 */
	@Override
	public void start() {
		lastAttempt = System.nanoTime() - RETRY_INTERVAL_NANOS;
		stopped = false;
	}

	/**
	 * Closes the connections, before the client they come from is shut down; none are
	 * opened until {@link #start()}.
	 */
	@Override
	public void stop() {
		stopped = true;
		closeConnections();
	}

	@Override
	public boolean isRunning() {
		return !stopped;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void close() {
		stop();
	}

}
