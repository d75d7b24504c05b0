package io.cachegate.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * One call of {@link DirectScripts}: sent on a Lettuce connection, its reply taken on
 * Lettuce's I/O thread and handed to the caller's event loop, where the outcome (value,
 * error or timeout, whichever comes first) is settled once: every step after the send
 * runs on that one loop, so no lock is needed (for a caller off the event loops, the
 * reply and the timeout settle under the call's lock).
 */
final class ScriptCall<T> implements BiConsumer<Object, Throwable>, Runnable {

	private static final Logger logger = LoggerFactory.getLogger(ScriptCall.class);

	private final DirectScripts owner;

	private final RedisScriptingAsyncCommands<byte[], byte[]> commands;

	private final RedisScript<?> script;

	private final ScriptOutputType type;

	private final byte[][] keys;

	private final byte[][] args;

	private final MonoSink<T> sink;

	private final EventExecutor loop;

	private final long started = System.nanoTime();

	private ScheduledFuture<?> timeout;

	private Disposable timeoutOffLoop;

	private boolean settled;

	private boolean resent;

	private Object value;

	private Throwable error;

	ScriptCall(DirectScripts owner, RedisScriptingAsyncCommands<byte[], byte[]> commands, RedisScript<?> script,
			ScriptOutputType type, byte[][] keys, byte[][] args, MonoSink<T> sink, EventExecutor loop) {
		this.owner = owner;
		this.commands = commands;
		this.script = script;
		this.type = type;
		this.keys = keys;
		this.args = args;
		this.sink = sink;
		this.loop = loop;
	}

	void start() {
		if (loop != null) {
			timeout = loop.schedule(this::timedOut, owner.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		else {
			timeoutOffLoop = Schedulers.parallel()
				.schedule(this::timedOutOffLoop, owner.timeoutNanos, TimeUnit.NANOSECONDS);
		}
		send(commands.<Object>evalsha(script.getSha1(), type, keys, args));
	}

	private void send(CompletionStage<Object> reply) {
		reply.whenComplete(this);
	}

	/** The reply, on Lettuce's I/O thread. */
	@Override
	public void accept(Object value, Throwable error) {
		if (error instanceof RedisNoScriptException && !resent) {
			resent = true;
			send(commands.<Object>eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), type, keys, args));
			return;
		}
		if (error instanceof RedisException && !(error instanceof RedisCommandExecutionException)
				&& String.valueOf(error.getMessage()).contains("closed")) {
			// A connection closed under this class: drop them all, lookups use the
			// template until they are opened again.
			owner.reset(commands);
		}
		this.value = value;
		this.error = error;
		if (loop == null) {
			synchronized (this) {
				run();
			}
		}
		else if (loop.inEventLoop()) {
			run();
		}
		else {
			loop.execute(this);
		}
	}

	/** The reply, on the caller's event loop. */
	@Override
	public void run() {
		if (settled) {
			return;
		}
		settled = true;
		if (timeout != null) {
			timeout.cancel(false);
		}
		if (timeoutOffLoop != null) {
			timeoutOffLoop.dispose();
		}
		if (error != null) {
			fail(error);
			return;
		}
		owner.guard.succeeded(started);
		@SuppressWarnings("unchecked")
		T result = (T) value;
		if (result == null) {
			sink.success();
		}
		else {
			sink.success(result);
		}
	}

	private synchronized void timedOutOffLoop() {
		timedOut();
	}

	private void timedOut() {
		if (settled) {
			return;
		}
		settled = true;
		fail(owner.guard.timedOut());
	}

	private void fail(Throwable ex) {
		logger.debug("Direct script call failed: {}", ex.toString());
		owner.guard.failed(started, ex);
		sink.error(ex instanceof RedisUnavailableException ? ex : new RedisUnavailableException(ex));
	}

}
