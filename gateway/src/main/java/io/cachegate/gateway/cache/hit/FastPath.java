package io.cachegate.gateway.cache.hit;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import io.cachegate.gateway.auth.KnownCallers;
import io.cachegate.gateway.auth.VerifiedToken;

import io.cachegate.gateway.observability.AccessLog;
import io.cachegate.gateway.observability.RequestIds;

/**
 * Answers fresh cache hits before Spring WebFlux builds its exchange and runs the web
 * filters and the route's filters, and hands every other request to the full gateway
 * unchanged.
 *
 * <p>
 * Answered here: a GET or HEAD without a body, whose path needs no normalization, that
 * the gateway would route to a route whose only filter is {@code Cache} (and whose cache
 * is on), carrying credentials this instance already verified ({@link KnownCallers}),
 * whose entry is fresh and not held back by a pending invalidation ({@link FreshHits}).
 * The answer is the one the cache filter would give, with the same request id rule and
 * the same access line. Everything else (a miss, a stale entry, Redis unavailable, no or
 * unknown credentials, a public path, another route, a write, an odd request) goes to the
 * gateway, with the lookup already made handed over so it is not repeated.
 */
final class FastPath {

	private final FreshHits hits;

	private final KnownCallers callers;

	private final RouteTable routes;

	FastPath(FreshHits hits, KnownCallers callers, RouteTable routes) {
		this.hits = hits;
		this.callers = callers;
		this.routes = routes;
	}

	Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response, HttpHandler gateway) {
		long started = System.nanoTime();
		HttpServerResponse nativeResponse = nativeResponse(response);
		FreshHits.Read read = nativeResponse != null ? read(request) : null;
		if (read == null) {
			return gateway.handle(request, response);
		}
		return hits.find(request, read).flatMap(found -> {
			FreshHit hit = found.hit();
			if (hit == null) {
				hits.handOver(request, found);
				return gateway.handle(request, response);
			}
			hits.served(read.route());
			HttpHeaders headers = request.getHeaders();
			HitAnswer answer = new HitAnswer(hit, HttpMethod.HEAD.equals(request.getMethod()),
					hit.notModifiedFor(headers), RequestIds.of(headers.getFirst(RequestIds.HEADER)));
			Mono<Void> written = answer.writeTo(nativeResponse);
			if (!AccessLog.enabled()) {
				return written;
			}
			return written.doFinally(
					signal -> AccessLog.write(
							new AccessLog.Line(answer.requestId(), request.getMethod().name(),
									request.getPath().value(), read.route(), answer.status(), "HIT", outcome(signal)),
							started));
		});
	}

	/** The read to look up, or null when the request is not one the fast path answers. */
	private FreshHits.Read read(ServerHttpRequest request) {
		HttpMethod method = request.getMethod();
		if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
			return null;
		}
		HttpHeaders headers = request.getHeaders();
		if (headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING)
				|| headers.containsHeader(HttpHeaders.UPGRADE)) {
			return null;
		}
		String path = request.getURI().getRawPath();
		if (!FreshHits.isNormalized(path)) {
			return null;
		}
		String route = routes.current().servable(path, method);
		if (route == null || !hits.caches(route, path)) {
			return null;
		}
		VerifiedToken caller = callers.of(request);
		if (caller == null) {
			return null;
		}
		return new FreshHits.Read(route, path, request.getURI().getRawQuery(), caller.role(), headers);
	}

	private static HttpServerResponse nativeResponse(ServerHttpResponse response) {
		try {
			return ServerHttpResponseDecorator.getNativeResponse(response) instanceof HttpServerResponse netty ? netty
					: null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String outcome(SignalType signal) {
		return switch (signal) {
			case ON_COMPLETE -> "ok";
			case CANCEL -> "cancelled";
			default -> "aborted";
		};
	}

}
