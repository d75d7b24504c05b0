package io.cachegate.gateway.cache;

import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Brings a request's work back to the event loop of its own connection after a Redis reply (or an in-memory
 * answer).
 *
 * <p>
 * Lettuce delivers every reply of its connection on one I/O thread. Without a hop, everything that follows a
 * lookup (building the answer, metrics, the access log, writing to the client) runs on that single thread for every
 * request of the instance: it caps throughput at one core, and each reply waits behind the previous requests' work,
 * so under load lookups "time out" although Redis answered in microseconds, and the circuit breaker opens on a
 * healthy Redis. Continuing on the connection's own event loop spreads the work over all event loops and writes to
 * the channel from its own thread (no cross-thread hand-off inside Netty). The hop also makes an answer from memory
 * complete asynchronously, like a Redis answer, which Reactor Netty's keep-alive handling expects.
 *
 * <p>
 * Requests that do not come from Reactor Netty (a mock server in tests) continue on {@link Schedulers#parallel()}.
 */
public final class RequestEventLoops {

	private final ConcurrentHashMap<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

	/** The scheduler of the event loop serving this exchange's connection. */
	public Scheduler of(ServerWebExchange exchange) {
		Object nativeRequest;
		try {
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
		}
		catch (IllegalArgumentException ex) {
			return Schedulers.parallel();
		}
		if (nativeRequest instanceof Connection connection) {
			return schedulers.computeIfAbsent(connection.channel().eventLoop(), Schedulers::fromExecutor);
		}
		return Schedulers.parallel();
	}

}
