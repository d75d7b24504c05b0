package io.cachegate.support.observability;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * One log line per request on the logger {@code cachegate.access}: request id, method,
 * path, status and latency. The request id is the gateway's {@code X-Request-Id} (so one
 * id ties the gateway's line to this one), or a new one for calls that did not come
 * through the gateway; it is returned in {@code X-Request-Id} either way and put in the
 * Reactor context under {@link #CONTEXT_KEY} for code that wants to log it.
 *
 * <p>
 * Errors are rendered by the exception handler after this filter's chain has failed, so
 * for them the line is written just before the problem response is committed (its status
 * is then known); other requests log when they complete or are cancelled. The query
 * string is left out: it may carry search terms.
 *
 * <p>
 * Shared by auth-service and user-service, registered by
 * {@link AccessLogAutoConfiguration}. The gateway has its own, which also logs the route
 * and the cache result.
 */
public class AccessLogWebFilter implements WebFilter, Ordered {

	/** The Reactor context key holding the request id. */
	public static final String CONTEXT_KEY = "requestId";

	public static final String HEADER = "X-Request-Id";

	private static final Logger logger = LoggerFactory.getLogger("cachegate.access");

	/** Ids end up in logs: accept only short, printable tokens (the gateway's rule). */
	private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	@Override
	public int getOrder() {
		// Before Spring Security, so refused requests are logged too.
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		ServerHttpRequest request = exchange.getRequest();
		String given = request.getHeaders().getFirst(HEADER);
		String id = (given != null && ACCEPTABLE.matcher(given).matches()) ? given : UUID.randomUUID().toString();
		ServerHttpResponse response = exchange.getResponse();
		response.getHeaders().set(HEADER, id);
		AtomicBoolean failed = new AtomicBoolean();
		AtomicBoolean logged = new AtomicBoolean();
		response.beforeCommit(() -> {
			if (failed.get()) {
				log(exchange, id, start, logged, "error");
			}
			return Mono.empty();
		});
		return chain.filter(exchange).doOnError((ex) -> {
			failed.set(true);
			if (response.isCommitted()) {
				// Failed while streaming: no error answer will follow.
				log(exchange, id, start, logged, "aborted");
			}
		}).doFinally((signal) -> {
			if (signal == SignalType.ON_COMPLETE) {
				log(exchange, id, start, logged, "ok");
			}
			else if (signal == SignalType.CANCEL) {
				log(exchange, id, start, logged, "cancelled");
			}
		}).contextWrite((context) -> context.put(CONTEXT_KEY, id));
	}

	private static void log(ServerWebExchange exchange, String id, long start, AtomicBoolean logged, String outcome) {
		if (!logger.isInfoEnabled() || !logged.compareAndSet(false, true)) {
			return;
		}
		ServerHttpRequest request = exchange.getRequest();
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		double millis = (System.nanoTime() - start) / (double) TimeUnit.MILLISECONDS.toNanos(1);
		logger.info("requestId={} method={} path={} status={} outcome={} latencyMs={}", id, request.getMethod(),
				request.getPath().value(), (status != null) ? status.value() : 200, outcome,
				String.format(Locale.ROOT, "%.1f", millis));
	}

}
