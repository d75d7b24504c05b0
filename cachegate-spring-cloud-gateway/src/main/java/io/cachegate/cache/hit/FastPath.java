package io.cachegate.cache.hit;

import java.util.function.BiFunction;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpMethod;
import org.springframework.http.support.Netty4HeadersAdapter;

import io.cachegate.cache.FastPathCallers;
import io.cachegate.cache.observability.AccessLog;
import io.cachegate.cache.observability.RequestIds;
import io.cachegate.cache.store.CacheKey;

/**
 * Answers fresh cache hits on Reactor Netty's request, before Spring WebFlux wraps it and
 * builds its exchange, web filters and route filters, and hands every other request to
 * the full gateway unchanged.
 *
 * <p>
 * Answered here: a GET or HEAD without a body, whose path needs no normalization, that
 * the gateway would route to a route whose only filter is {@code Cache} (and whose cache
 * is on), carrying credentials this instance already verified ({@link FastPathCallers}),
 * whose entry is fresh and not held back by a pending invalidation ({@link FreshHits}).
 * An entry the near cache holds is answered at once, without a reactive chain; any other
 * is looked up in Redis. The answer is the one the cache filter would give, with the same
 * request id rule and the same access line. Everything else (a miss, a stale entry, Redis
 * unavailable, no or unknown credentials, a public path, another route, a write, an odd
 * request) goes to the gateway, with the lookup already made handed over so it is not
 * repeated.
 */
final class FastPath {

	private final FreshHits hits;

	private final FastPathCallers callers;

	private final RouteTable routes;

	FastPath(FreshHits hits, FastPathCallers callers, RouteTable routes) {
		this.hits = hits;
		this.callers = callers;
		this.routes = routes;
	}

	Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response,
			BiFunction<HttpServerRequest, HttpServerResponse, ? extends Publisher<Void>> gateway) {
		long started = System.nanoTime();
		FreshHits.Read read = read(request);
		if (read == null || !(request instanceof Connection connection)) {
			return gateway.apply(request, response);
		}
		CacheKey key = hits.key(read);
		FreshHits.Found held = hits.held(key);
		if (held != null && held.hit() != null) {
			return answer(request, response, read, held.hit(), started);
		}
		return hits.find(key, connection.channel().eventLoop()).flatMap(found -> {
			FreshHit hit = found.hit();
			if (hit == null) {
				hits.handOver(connection, found);
				return Mono.from(gateway.apply(request, response));
			}
			return answer(request, response, read, hit, started);
		});
	}

	private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response, FreshHits.Read read, FreshHit hit,
			long started) {
		hits.served(read.route());
		HttpHeaders headers = request.requestHeaders();
		// A plain hit (no conditional) costs two lookups, no list.
		boolean conditional = headers.contains(HttpHeaderNames.IF_NONE_MATCH)
				|| headers.contains(HttpHeaderNames.IF_MODIFIED_SINCE);
		HitAnswer answer = new HitAnswer(hit, request.method() == io.netty.handler.codec.http.HttpMethod.HEAD,
				conditional && hit.notModifiedFor(headers.getAll(HttpHeaderNames.IF_NONE_MATCH),
						headers.get(HttpHeaderNames.IF_MODIFIED_SINCE)),
				RequestIds.of(headers.get(RequestIds.HEADER)));
		Mono<Void> written = answer.writeTo(response);
		if (!AccessLog.enabled()) {
			return written;
		}
		return written.doFinally(signal -> AccessLog.write(new AccessLog.Line(answer.requestId(),
				request.method().name(), read.path(), read.route(), answer.status(), "HIT", outcome(signal)), started));
	}

	/** The read to look up, or null when the request is not one the fast path answers. */
	private FreshHits.Read read(HttpServerRequest request) {
		HttpMethod method = method(request.method());
		if (method == null) {
			return null;
		}
		HttpHeaders headers = request.requestHeaders();
		if (headers.contains(HttpHeaderNames.CONTENT_LENGTH) && !"0".equals(headers.get(HttpHeaderNames.CONTENT_LENGTH))
				|| headers.contains(HttpHeaderNames.TRANSFER_ENCODING) || headers.contains(HttpHeaderNames.UPGRADE)) {
			return null;
		}
		String uri = request.uri();
		if (uri.indexOf('#') >= 0) {
			return null;
		}
		int queryStart = uri.indexOf('?');
		String path = queryStart < 0 ? uri : uri.substring(0, queryStart);
		if (!FreshHits.isNormalized(path)) {
			return null;
		}
		String route = routes.current().servable(path, method);
		if (route == null || !hits.caches(route, path)) {
			return null;
		}
		String role = callers.knownRole(method, path, headers.get(HttpHeaderNames.AUTHORIZATION));
		if (role == null) {
			return null;
		}
		String query = queryStart < 0 ? null : uri.substring(queryStart + 1);
		return new FreshHits.Read(route, path, query, role,
				new org.springframework.http.HttpHeaders(new Netty4HeadersAdapter(headers)));
	}

	/** GET or HEAD as Spring names them; null for any other method. */
	private static HttpMethod method(io.netty.handler.codec.http.HttpMethod method) {
		if (method == io.netty.handler.codec.http.HttpMethod.GET) {
			return HttpMethod.GET;
		}
		return method == io.netty.handler.codec.http.HttpMethod.HEAD ? HttpMethod.HEAD : null;
	}

	private static String outcome(SignalType signal) {
		return switch (signal) {
			case ON_COMPLETE -> "ok";
			case CANCEL -> "cancelled";
			default -> "aborted";
		};
	}

}
