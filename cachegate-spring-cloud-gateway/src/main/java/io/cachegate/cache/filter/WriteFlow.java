package io.cachegate.cache.filter;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.cache.CallerRoles;
import io.cachegate.cache.http.CacheHeaders;
import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.http.ForwardReason;
import io.cachegate.cache.http.Storability;
import io.cachegate.cache.http.WriteInvalidation;
import io.cachegate.cache.metrics.CacheResult;
import io.cachegate.cache.stampede.TtlJitter;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore;
import io.cachegate.cache.store.Invalidation;
import io.cachegate.cache.store.InvalidationOutcome;
import io.cachegate.cache.store.PendingInvalidations;
import io.cachegate.cache.web.RequestEventLoops;

/**
 * An unsafe method through the cache: the route's sequences are read first; on a 2xx or
 * 3xx answer, what it made stale is invalidated ({@link WriteInvalidation}), and a
 * {@code Content-Location} answer's body is written through as the GET entry of that URI,
 * all before the client gets the answer, so a client that wrote reads its write. The
 * written-through entry is keyed by the writer's role: the answer was made for that role,
 * and the gateway cannot know that other roles would get the same.
 */
final class WriteFlow {

	private final CacheStore store;

	private final Clock clock;

	private final TtlJitter jitter;

	private final RequestEventLoops eventLoops;

	private final PendingInvalidations pending;

	private final CallerRoles roles;

	private final OriginCalls origin;

	WriteFlow(CacheStore store, Clock clock, TtlJitter jitter, RequestEventLoops eventLoops,
			PendingInvalidations pending, CallerRoles roles, OriginCalls origin) {
		this.store = store;
		this.clock = clock;
		this.jitter = jitter;
		this.eventLoops = eventLoops;
		this.pending = pending;
		this.roles = roles;
		this.origin = origin;
	}

	Mono<Void> write(ServerWebExchange exchange, GatewayFilterChain chain, String route, RoutePolicy policy,
			String path) {
		// The snapshot is only needed to write through, which only an enabled route does;
		// invalidation always runs, so that turning the cache back on never serves what
		// a write made while it was off.
		// The sequences of every bucket of the route: which bucket the representation
		// written through goes to is known only from the answer's Content-Location.
		Mono<Optional<CacheStore.Sequences>> snapshot = policy.enabled()
				? store.sequences(route).map(Optional::of).defaultIfEmpty(Optional.empty())
				: Mono.just(Optional.empty());
		return snapshot.publishOn(eventLoops.of(exchange)).flatMap(snap -> {
			WriteResponse response = new WriteResponse(exchange, route, path, policy, snap.orElse(null));
			return origin.timed(chain.filter(exchange.mutate().response(response).build()), route, exchange);
		});
	}

	/**
	 * A write on its way back: invalidates (and writes through) before the client sees
	 * the answer.
	 */
	private final class WriteResponse extends ServerHttpResponseDecorator {

		private final ServerWebExchange exchange;

		private final String route;

		private final String path;

		private final RoutePolicy policy;

		private final CacheStore.Sequences snapshot;

		WriteResponse(ServerWebExchange exchange, String route, String path, RoutePolicy policy,
				CacheStore.Sequences snapshot) {
			super(exchange.getResponse());
			this.exchange = exchange;
			this.route = route;
			this.path = path;
			this.policy = policy;
			this.snapshot = snapshot;
			OriginCalls.stripInternalOnCommit(exchange.getResponse());
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			HttpHeaders headers = getHeaders();
			int status = getStatusCode() != null ? getStatusCode().value() : 200;
			// RFC 9111 section 4.4: any non-error answer to an unsafe method invalidates.
			if (status < 200 || status > 399) {
				headers.set(CacheHeaders.X_CACHE, CacheResult.BYPASS.header());
				headers.set(CacheHeaders.CACHE_STATUS, ForwardReason.METHOD.cacheStatus());
				CacheHeaders.stripInternal(headers);
				return super.writeWith(body);
			}
			WriteInvalidation write = WriteInvalidation.of(headers, exchange.getRequest().getURI(), path);
			Invalidation invalidation = write.invalidation();
			Instant now = clock.instant();
			// The body is the representation a GET would get: judge it as a 200 to a
			// request with credentials.
			Storability.Decision decision = Storability.decide(200, headers, true, policy, now);
			long length = headers.getContentLength();
			boolean writeThrough = snapshot != null && write.representation().isPresent() && status < 300
					&& status != 204 && status != 205 && decision.storable() && length >= 0
					&& length <= policy.maxEntrySize().toBytes() && CacheKeys.varyNames(headers, policy).isEmpty();
			if (!writeThrough) {
				CacheHeaders.stripInternal(headers);
				return invalidate(invalidation, null).flatMap(outcome -> super.writeWith(body));
			}
			URI location = write.representation().get();
			String entryPath = CacheKeys.normalizePath(location.getRawPath());
			String entryQuery = CacheKeys.normalizeQuery(location.getRawQuery());
			CacheKey key = CacheKeys.key(route, entryPath, entryQuery, roles.roleOf(exchange),
					exchange.getRequest().getHeaders(), policy);
			List<CacheEntry.Header> kept = CacheHeaders.storedHeaders(headers);
			CacheHeaders.stripInternal(headers);
			return DataBufferUtils.join(body).map(joined -> {
				byte[] bytes = new byte[joined.readableByteCount()];
				joined.read(bytes);
				DataBufferUtils.release(joined);
				return bytes;
			}).defaultIfEmpty(new byte[0]).flatMap(bytes -> {
				CacheEntry entry = new CacheEntry(200, kept, bytes, decision.generatedAt(now),
						jitter.apply(decision.freshness()), decision.staleWhileRevalidate(), decision.staleIfError(),
						key.material(), write.representationTags(), decision.staleRetention());
				return invalidate(invalidation, new CacheStore.WriteThrough(key, snapshot.of(key), entry))
					.flatMap(outcome -> super.writeWith(Mono.just(bufferFactory().wrap(bytes))));
			});
		}

		/**
		 * Invalidates and marks the answer with the outcome; when Redis did not take the
		 * invalidation, this instance holds the entries back and retries.
		 */
		private Mono<InvalidationOutcome> invalidate(Invalidation invalidation, CacheStore.WriteThrough writeThrough) {
			return store.invalidate(route, invalidation, writeThrough)
				.publishOn(eventLoops.of(exchange))
				.doOnNext(outcome -> {
					if (!outcome.applied()) {
						pending.add(route, invalidation.tags());
					}
					getHeaders().set(CacheHeaders.X_CACHE, CacheResult.BYPASS.header());
					getHeaders().set(CacheHeaders.CACHE_STATUS, ForwardReason.METHOD.cacheStatus(outcome.detail()));
				});
		}

	}

}
