package io.cachegate.cache.filter;

import java.time.Clock;
import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.cache.http.CacheHeaders;
import io.cachegate.cache.metrics.CacheResult;
import io.cachegate.cache.store.CacheEntry;

/**
 * Answers a request from an entry, without the origin: the entry's headers, {@code Age},
 * {@code X-Cache}, {@code Cache-Status} (a {@code ttl} counted on the injected clock,
 * negative when stale), 304 on a matching {@code If-None-Match} (or, without one, an
 * {@code If-Modified-Since} the entry was not modified since), no body for HEAD or 204.
 */
final class HitResponder {

	private final Clock clock;

	HitResponder(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Answers from an entry: {@link CacheResult#HIT} (fresh; {@code detail=collapsed}
	 * when it is another request's answer just stored) or {@link CacheResult#STALE}
	 * ({@code detail=revalidating} or {@code origin-error}).
	 * @param detail the {@code Cache-Status} detail, or null
	 */
	Mono<Void> answer(ServerWebExchange exchange, CacheEntry entry, CacheResult result, String detail) {
		Duration age = entry.age(clock.instant());
		boolean stale = result == CacheResult.STALE;
		long ttlLeft = entry.freshness().minus(age).toSeconds();
		return write(exchange, entry, age, result,
				"cachegate; hit" + (stale ? "; stale; ttl=" + Math.min(-1, ttlLeft) : "; ttl=" + Math.max(0, ttlLeft))
						+ (detail != null ? "; detail=" + detail : ""));
	}

	/**
	 * Answers from an entry the origin just confirmed, with a 304 (RFC 9111 section
	 * 4.3.3) or a HEAD's 200 (section 4.3.5): {@link CacheResult#REVALIDATED},
	 * {@code Cache-Status: cachegate; fwd=stale; fwd-status=<status>; ttl=<s>} with
	 * {@code stored} when the freshened entry was stored.
	 * @param forwardedStatus the status of the origin's confirming answer
	 */
	Mono<Void> answerRevalidated(ServerWebExchange exchange, CacheEntry entry, int forwardedStatus, boolean stored) {
		Duration age = entry.age(clock.instant());
		long ttlLeft = Math.max(0, entry.freshness().minus(age).toSeconds());
		return write(exchange, entry, age, CacheResult.REVALIDATED, "cachegate; fwd=stale; fwd-status="
				+ forwardedStatus + "; ttl=" + ttlLeft + (stored ? "; stored" : ""));
	}

	private Mono<Void> write(ServerWebExchange exchange, CacheEntry entry, Duration age, CacheResult result,
			String cacheStatus) {
		ServerHttpResponse response = exchange.getResponse();
		HttpHeaders headers = response.getHeaders();
		for (CacheEntry.Header header : entry.headers()) {
			headers.add(header.name(), header.value());
		}
		headers.set(HttpHeaders.AGE, Long.toString(age.toSeconds()));
		headers.set(CacheHeaders.X_CACHE, result.header());
		headers.set(CacheHeaders.CACHE_STATUS, cacheStatus);
		HttpHeaders request = exchange.getRequest().getHeaders();
		if (CacheHeaders.notModified(request.get(HttpHeaders.IF_NONE_MATCH),
				request.getFirst(HttpHeaders.IF_MODIFIED_SINCE), entry)) {
			response.setStatusCode(HttpStatus.NOT_MODIFIED);
			headers.remove(HttpHeaders.CONTENT_TYPE);
			headers.remove(HttpHeaders.CONTENT_LENGTH);
			return response.setComplete();
		}
		response.setStatusCode(HttpStatusCode.valueOf(entry.status()));
		if (entry.status() == 204) {
			return response.setComplete();
		}
		headers.setContentLength(entry.body().length);
		if (HttpMethod.HEAD.equals(exchange.getRequest().getMethod())) {
			return response.setComplete();
		}
		return response.writeWith(Mono.just(response.bufferFactory().wrap(entry.body())));
	}

}
