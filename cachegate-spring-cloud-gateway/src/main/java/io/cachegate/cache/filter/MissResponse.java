package io.cachegate.cache.filter;

import java.time.Instant;
import java.util.List;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import io.cachegate.cache.http.CacheHeaders;
import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.Revalidation;
import io.cachegate.cache.http.Storability;
import io.cachegate.cache.metrics.CacheResult;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;

/**
 * A miss on its way back from the origin: decides whether to store, copies the body while
 * it streams, then stores it under the lookup's snapshot (so a read that raced a write
 * never puts old data back). With a stale fallback, a 5xx answer is replaced by the stale
 * copy (stale-if-error). When it revalidates a stale entry, a {@code 304} about that
 * entry freshens it ({@link Revalidation}), stores it again under the same snapshot (so
 * an invalidation that happened meanwhile still wins), and the client gets the entry. A
 * HEAD's {@code 200} does the same when it describes the stale entry the HEAD selects,
 * and removes that entry when it does not (RFC 9111 section 4.3.5).
 */
final class MissResponse extends ServerHttpResponseDecorator {

	private final CachedRead read;

	private final ReadFlow.Miss miss;

	private final ReadFlow flow;

	private final boolean hadAuthorization;

	private final boolean ownConditional;

	MissResponse(CachedRead read, ReadFlow.Miss miss, ReadFlow flow) {
		super(read.exchange().getResponse());
		this.read = read;
		this.miss = miss;
		this.flow = flow;
		HttpHeaders requestHeaders = read.exchange().getRequest().getHeaders();
		this.hadAuthorization = requestHeaders.containsHeader(HttpHeaders.AUTHORIZATION);
		this.ownConditional = miss.revalidating() != null && read.isGet()
				&& !Revalidation.isConditional(requestHeaders);
		OriginCalls.stripInternalOnCommit(read.exchange().getResponse());
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		HttpHeaders headers = getHeaders();
		int status = getStatusCode() != null ? getStatusCode().value() : 200;
		if (miss.fallback() != null && status >= 500) {
			// stale-if-error: the origin failed and a stale copy may stand in for its
			// answer.
			notShared();
			flow.metrics().request(read.route(), CacheResult.STALE);
			headers.clear();
			return Flux.from(body)
				.doOnNext(DataBufferUtils::release)
				.then(Mono.defer(
						() -> flow.hits().answer(read.exchange(), miss.fallback(), CacheResult.STALE, "origin-error")));
		}
		if (status == 304 && miss.revalidating() != null
				&& Revalidation.identifies(miss.revalidating(), headers, ownConditional)) {
			return freshen(body, headers, status);
		}
		if (status == 200 && read.isHead() && miss.revalidating() != null) {
			if (Revalidation.describes(miss.revalidating(), headers)) {
				return freshen(body, headers, status);
			}
			// The stored answer no longer describes the resource: gone before the client
			// has this answer, so its next GET goes to the origin.
			return flow.store()
				.remove(read.key())
				.publishOn(flow.eventLoops().of(read.exchange()))
				.then(Mono.defer(() -> forward(body, headers, status)));
		}
		return forward(body, headers, status);
	}

	/**
	 * The origin's answer to the client, copied and stored under the lookup's snapshot
	 * when it may be.
	 */
	private Mono<Void> forward(Publisher<? extends DataBuffer> body, HttpHeaders headers, int status) {
		Instant now = flow.clock().instant();
		Storability.Decision decision = Storability.decide(status, headers, hadAuthorization, read.policy(), now);
		long limit = read.policy().maxEntrySize().toBytes();
		boolean store = decision.storable() && !read.isHead() && headers.getContentLength() <= limit;
		List<CacheEntry.Header> kept = store ? CacheHeaders.storedHeaders(headers) : List.of();
		// The variant the answer's Vary selects for this request (RFC 9111 section 4.1).
		CacheKey key = store
				? CacheKeys.forAnswer(read.key(), headers, read.exchange().getRequest().getHeaders(), read.policy())
				: read.key();
		List<String> tags = store ? CacheHeaders.tags(headers, read.key().path()) : List.of();
		headers.set(CacheHeaders.X_CACHE, CacheResult.MISS.header());
		headers.set(CacheHeaders.CACHE_STATUS, miss.forwardedAs().cacheStatus() + (store ? "; stored" : ""));
		flow.metrics().request(read.route(), store ? CacheResult.MISS : CacheResult.UNCACHEABLE);
		CacheHeaders.stripInternal(headers);
		if (!store) {
			notShared();
			return super.writeWith(body);
		}
		BodyCopy copy = new BodyCopy(limit);
		Mono<Void> storeOnce = Mono.defer(() -> {
			byte[] bytes = copy.result();
			if (bytes == null) {
				notShared();
				return Mono.empty();
			}
			CacheEntry entry = new CacheEntry(status, kept, bytes, decision.generatedAt(now),
					flow.jitter().apply(decision.freshness()), decision.staleWhileRevalidate(), decision.staleIfError(),
					key.material(), tags, decision.staleRetention());
			// An answer stored as another variant than the flight's key may not suit the
			// requests waiting for it: they go themselves.
			boolean shared = key.equals(read.key());
			return flow.store().storeAt(key, miss.snapshot(), entry).doOnNext(sequence -> {
				if (miss.flight() != null && sequence >= 0 && shared) {
					miss.flight().stored(entry, sequence);
				}
			}).doFinally(signal -> notShared()).then().publishOn(flow.eventLoops().of(read.exchange()));
		});
		return super.writeWith(copy.streamHoldingLastChunk(Flux.from(body), storeOnce));
	}

	/**
	 * Whether the request to the origin is the gateway's own conditional, made from the
	 * stale entry (the client brought none of its own).
	 */
	boolean revalidatesOnItsOwn() {
		return ownConditional;
	}

	/**
	 * The origin confirmed the stale entry (a 304 about it, or a HEAD's 200 that
	 * describes it): freshened, stored again under the lookup's snapshot, and answered
	 * from the cache (the stored status, or 304 on the client's matching
	 * {@code If-None-Match}; no body for HEAD). Refused by the store (invalidated
	 * meanwhile), the client still gets it, as a miss that raced a write gets its
	 * origin's answer, but nobody else does.
	 */
	private Mono<Void> freshen(Publisher<? extends DataBuffer> body, HttpHeaders headers, int status) {
		Revalidation.Freshened freshened = Revalidation.freshened(miss.revalidating(), headers, hadAuthorization,
				read.policy(), flow.clock().instant(), flow.jitter()::apply);
		headers.clear();
		CacheEntry entry = freshened.entry();
		Mono<Long> stored = freshened.storable() ? flow.store().storeAt(read.key(), miss.snapshot(), entry)
				: Mono.just(-1L);
		return Flux.from(body)
			.doOnNext(DataBufferUtils::release)
			.then(stored)
			.publishOn(flow.eventLoops().of(read.exchange()))
			.flatMap(sequence -> {
				if (miss.flight() != null && sequence >= 0) {
					miss.flight().stored(entry, sequence);
				}
				notShared();
				flow.metrics().request(read.route(), CacheResult.REVALIDATED);
				return flow.hits().answerRevalidated(read.exchange(), entry, status, sequence >= 0);
			});
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		// Streaming answers (server-sent events and the like) are never stored.
		notShared();
		flow.metrics().request(read.route(), CacheResult.UNCACHEABLE);
		getHeaders().set(CacheHeaders.X_CACHE, CacheResult.UNCACHEABLE.header());
		getHeaders().set(CacheHeaders.CACHE_STATUS, miss.forwardedAs().cacheStatus());
		CacheHeaders.stripInternal(getHeaders());
		return super.writeAndFlushWith(body);
	}

	/**
	 * Waiters for this answer go to the origin themselves (no-op once the flight ended,
	 * or without one).
	 */
	private void notShared() {
		if (miss.flight() != null) {
			miss.flight().notShared();
		}
	}

}
