package io.cachegate.gateway.observability;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.cachegate.cache.observability.AccessLog;

/**
 * One line per request on the logger {@code cachegate.access}, for every request the
 * gateway answers (routed, its own endpoints, refused and unmatched alike):
 * {@code requestId=... method=GET path=/users/42 route=users status=200 cache=HIT latencyMs=1.8 outcome=ok}.
 *
 * <ul>
 * <li>{@code requestId}: the {@code X-Request-Id} that {@link RequestIdWebFilter} chose,
 * also sent to the service (whose own access line carries it) and to the client.</li>
 * <li>{@code route}: the gateway route id, {@code -} when none matched (the gateway's own
 * endpoints, 404s, and requests refused before routing, such as a 401).</li>
 * <li>{@code cache}: the {@code X-Cache} answered ({@code HIT}, {@code MISS},
 * {@code STALE}, {@code BYPASS}), {@code -} when the cache was not involved.</li>
 * <li>{@code latencyMs}: from the first filter to the end of the answer; for errors, to
 * the moment the problem response is committed (the error handler runs after this
 * filter's chain has failed).</li>
 * </ul>
 * The query string is left out: it may carry search terms.
 */
@Component
class AccessLogWebFilter implements WebFilter, Ordered {

	/**
	 * Before {@link RequestIdWebFilter}, so the latency covers every filter of the
	 * gateway.
	 */
	static final int ORDER = RequestIdWebFilter.ORDER - 5;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!AccessLog.enabled()) {
			return chain.filter(exchange);
		}
		long start = System.nanoTime();
		ServerHttpResponse response = exchange.getResponse();
		AtomicBoolean failed = new AtomicBoolean();
		AtomicBoolean logged = new AtomicBoolean();
		response.beforeCommit(() -> {
			if (failed.get()) {
				log(exchange, start, logged, "error");
			}
			return Mono.empty();
		});
		return chain.filter(exchange).doOnError((ex) -> {
			failed.set(true);
			if (response.isCommitted()) {
				// Failed while streaming the body: no error answer will follow.
				log(exchange, start, logged, "aborted");
			}
		}).doFinally((signal) -> {
			if (signal == SignalType.ON_COMPLETE) {
				log(exchange, start, logged, "ok");
			}
			else if (signal == SignalType.CANCEL) {
				log(exchange, start, logged, "cancelled");
			}
		});
	}

	private static void log(ServerWebExchange exchange, long start, AtomicBoolean logged, String outcome) {
		if (!logged.compareAndSet(false, true)) {
			return;
		}
		ServerHttpRequest request = exchange.getRequest();
		ServerHttpResponse response = exchange.getResponse();
		HttpStatusCode status = response.getStatusCode();
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		AccessLog.write(
				new AccessLog.Line(response.getHeaders().getFirst(RequestIdWebFilter.HEADER),
						request.getMethod().name(), request.getPath().value(), (route != null) ? route.getId() : null,
						(status != null) ? status.value() : 200, response.getHeaders().getFirst("X-Cache"), outcome),
				start);
	}

}
