package io.cachegate.gateway.cache.filter;

import java.time.Clock;
import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.gateway.cache.http.CacheHeaders;
import io.cachegate.gateway.cache.metrics.CacheResult;
import io.cachegate.gateway.cache.store.CacheEntry;

/**
 * Answers a request from an entry, without the origin: the entry's headers, {@code Age},
 * {@code X-Cache}, {@code Cache-Status} (a {@code ttl} counted on the injected clock,
 * negative when stale), 304 on a matching {@code If-None-Match}, no body for HEAD or 204.
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
		ServerHttpResponse response = exchange.getResponse();
		HttpHeaders headers = response.getHeaders();
		for (CacheEntry.Header header : entry.headers()) {
			headers.add(header.name(), header.value());
		}
		Duration age = entry.age(clock.instant());
		boolean stale = result == CacheResult.STALE;
		long ttlLeft = entry.freshness().minus(age).toSeconds();
		headers.set(HttpHeaders.AGE, Long.toString(age.toSeconds()));
		headers.set(CacheHeaders.X_CACHE, result.header());
		headers.set(CacheHeaders.CACHE_STATUS,
				"cachegate; hit" + (stale ? "; stale; ttl=" + Math.min(-1, ttlLeft) : "; ttl=" + Math.max(0, ttlLeft))
						+ (detail != null ? "; detail=" + detail : ""));
		String etag = entry.etag();
		if (etag != null && CacheHeaders.ifNoneMatchMatches(exchange.getRequest().getHeaders(), etag)) {
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
