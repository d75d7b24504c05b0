package io.cachegate.cache.web;

import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Brings a request's work back to the event loop of its own connection after a Redis
 * reply (or an in-memory answer).
 *
 * <p>
 * Lettuce delivers every reply of its connection on one I/O thread. Without a hop,
 * everything that follows a lookup (building the answer, metrics, the access log, writing
 * to the client) runs on that single thread for every request of the instance: it caps
 * throughput at one core, and each reply waits behind the previous requests' work, so
 * under load lookups "time out" although Redis answered in microseconds, and the circuit
 * breaker opens on a healthy Redis. Continuing on the connection's own event loop spreads
 * the work over all event loops and writes to the channel from its own thread (no
 * cross-thread hand-off inside Netty). The hop also makes an answer from memory complete
 * asynchronously, like a Redis answer, which Reactor Netty's keep-alive handling expects.
 *
 * <p>
 * Requests that do not come from Reactor Netty (a mock server in tests) continue on
 * {@link Schedulers#parallel()}.
 */
public final class RequestEventLoops {

	private final ConcurrentHashMap<EventLoop, Scheduler> schedulers = new ConcurrentHashMap<>();

	/** The scheduler of the event loop serving this exchange's connection. */
	public Scheduler of(ServerWebExchange exchange) {
		EventLoop loop = loopOf(exchange.getRequest());
		return loop != null ? schedulers.computeIfAbsent(loop, Schedulers::fromExecutor) : Schedulers.parallel();
	}

	/**
	 * Continues with the value on the request's event loop, hopping only when it arrives
	 * elsewhere (a Redis reply): an answer from memory, already on the loop, goes on at
	 * once.
	 */
	public <T> Mono<T> onLoopOf(ServerHttpRequest request, Mono<T> source) {
		return onLoop(loopOf(request), source);
	}

	/**
	 * Continues with the value on the given event loop (null: on
	 * {@link Schedulers#parallel()}), hopping only when it arrives elsewhere.
	 */
	public <T> Mono<T> onLoop(EventLoop loop, Mono<T> source) {
		if (loop == null) {
			return source.publishOn(Schedulers.parallel());
		}
		Scheduler scheduler = schedulers.computeIfAbsent(loop, Schedulers::fromExecutor);
		return source.flatMap(value -> loop.inEventLoop() ? Mono.just(value) : Mono.just(value).publishOn(scheduler));
	}

	private static EventLoop loopOf(ServerHttpRequest request) {
		Object nativeRequest;
		try {
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// Not a server's request at all (IllegalStateException: Spring's mock
			// request has no native one).
			return null;
		}
		return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
	}

}
