package io.cachegate.cache.filter;

import java.time.Clock;
import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

import io.cachegate.cache.hit.FreshHits;
import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.ForwardReason;
import io.cachegate.cache.http.Revalidation;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.metrics.CacheResult;
import io.cachegate.cache.stampede.RequestCoalescer;
import io.cachegate.cache.stampede.StaleRefresher;
import io.cachegate.cache.stampede.TtlJitter;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore.Lookup;
import io.cachegate.cache.store.CacheStore;
import io.cachegate.cache.store.PendingInvalidations;
import io.cachegate.cache.web.RequestEventLoops;

/**
 * A GET or HEAD through the cache: one lookup (or the fast path's, handed over), then a
 * fresh hit answered at once, a stale entry served while refreshed or kept as the
 * fallback, a miss sent to the origin through the {@link RequestCoalescer} and stored by
 * the {@link MissResponse}, or, with Redis unavailable, a bypass.
 */
final class ReadFlow {

	private final CacheStore store;

	private final Clock clock;

	private final CacheMetrics metrics;

	private final TtlJitter jitter;

	private final RequestCoalescer coalescer;

	private final StaleRefresher refresher;

	private final RequestEventLoops eventLoops;

	private final PendingInvalidations pending;

	private final HitResponder hits;

	private final OriginCalls origin;

	ReadFlow(CacheStore store, Clock clock, CacheMetrics metrics, TtlJitter jitter, RequestCoalescer coalescer,
			StaleRefresher refresher, RequestEventLoops eventLoops, PendingInvalidations pending) {
		this.store = store;
		this.clock = clock;
		this.metrics = metrics;
		this.jitter = jitter;
		this.coalescer = coalescer;
		this.refresher = refresher;
		this.eventLoops = eventLoops;
		this.pending = pending;
		this.hits = new HitResponder(clock);
		this.origin = new OriginCalls(metrics);
	}

	/**
	 * How a read goes to the origin.
	 *
	 * @param snapshot the route sequence the lookup saw, under which the answer is stored
	 * @param forwardedAs the {@code Cache-Status} {@code fwd} value ({@code miss} or
	 * {@code stale})
	 * @param flight the coalescing flight this request leads (told whether its answer was
	 * stored), or null
	 * @param fallback a stale entry to serve if the origin fails (stale-if-error), or
	 * null
	 * @param revalidating the stale entry this request may confirm: for a GET one with a
	 * validator, revalidated with a conditional request (RFC 9111 section 4.3); for a
	 * HEAD any, freshened by a 200 that describes it (section 4.3.5); or null
	 */
	record Miss(long snapshot, ForwardReason forwardedAs, RequestCoalescer.Flight flight, CacheEntry fallback,
			CacheEntry revalidating) {

		Miss leading(RequestCoalescer.Flight leading) {
			return new Miss(snapshot, forwardedAs, leading, fallback, revalidating);
		}

	}

	Mono<Void> read(CachedRead read, FreshHits.Found found) {
		Mono<Lookup> looked = found != null ? Mono.just(found.lookup()) : store.lookup(read.key());
		return looked.publishOn(eventLoops.of(read.exchange()))
			.flatMap(lookup -> lookup instanceof Lookup.Varies varies ? lookUpVariant(read, varies)
					: answer(read, lookup));
	}

	/**
	 * The URL varies on other request headers than the key was built with (RFC 9111
	 * section 4.1): once more, with the key of the variant this request selects. Should
	 * the URL's variance change again in between, it is a miss (its answer sets it anew).
	 */
	private Mono<Void> lookUpVariant(CachedRead read, Lookup.Varies varies) {
		CacheKey variant = CacheKeys.varying(read.key(), varies.names(), read.exchange().getRequest().getHeaders());
		CachedRead again = read.withKey(variant);
		return store.lookup(variant)
			.publishOn(eventLoops.of(read.exchange()))
			.flatMap(lookup -> answer(again,
					lookup instanceof Lookup.Varies second ? new Lookup.Miss(second.sequence()) : lookup));
	}

	private Mono<Void> answer(CachedRead read, Lookup lookup) {
		if (lookup instanceof Lookup.Hit hit && blocked(read, hit.entry())) {
			return invalidationPending(read);
		}
		if (lookup instanceof Lookup.Hit hit && hit.entry().isFresh(clock.instant())) {
			metrics.request(read.route(), CacheResult.HIT);
			return hits.answer(read.exchange(), hit.entry(), CacheResult.HIT, null);
		}
		if (lookup instanceof Lookup.Hit hit) {
			return stale(read, hit);
		}
		if (lookup instanceof Lookup.Miss miss) {
			return coalescedMiss(read, new Miss(miss.sequence(), ForwardReason.MISS, null, null, null));
		}
		return unavailable(read);
	}

	/**
	 * Redis could not be asked: a GET whose key is being fetched by another request here
	 * still waits for that answer rather than adding an origin request; otherwise (or if
	 * that answer is not shared) it bypasses.
	 */
	private Mono<Void> unavailable(CachedRead read) {
		Mono<Void> bypass = Mono.defer(() -> {
			metrics.request(read.route(), CacheResult.BYPASS);
			return origin.forward(read.exchange(), read.chain(), CacheResult.BYPASS,
					ForwardReason.BYPASS.cacheStatus("redis-unavailable"));
		});
		if (!read.isGet()) {
			return bypass;
		}
		return coalescer.join(read.key(), eventLoops.of(read.exchange()), entry -> servedCollapsed(read, entry),
				() -> bypass);
	}

	/**
	 * A stale entry (kept in Redis for its stale windows or its retention). Inside
	 * stale-while-revalidate: served at once ({@code X-Cache: STALE}) and refreshed in
	 * the background, once per cluster. Past it: the origin is asked, conditionally when
	 * the entry has a validator (a 304 freshens it, {@link MissResponse}), with the stale
	 * copy as the fallback when the origin fails inside stale-if-error. A HEAD's 200 may
	 * freshen the entry, with or without a validator (RFC 9111 section 4.3.5).
	 */
	private Mono<Void> stale(CachedRead read, Lookup.Hit hit) {
		CacheEntry entry = hit.entry();
		Duration past = entry.age(clock.instant()).minus(entry.freshness());
		if (past.compareTo(entry.staleWhileRevalidate()) < 0) {
			metrics.request(read.route(), CacheResult.STALE);
			refresher.refresh(read.exchange(), read.key(), entry, hit.sequence(), read.policy());
			return hits.answer(read.exchange(), entry, CacheResult.STALE, "revalidating");
		}
		CacheEntry fallback = past.compareTo(entry.staleIfError()) < 0 ? entry : null;
		CacheEntry revalidating = read.isHead() || entry.hasValidator() ? entry : null;
		return coalescedMiss(read, new Miss(hit.sequence(), ForwardReason.STALE, null, fallback, revalidating));
	}

	/**
	 * A write's invalidation that Redis has not taken yet covers the entry found
	 * ({@link PendingInvalidations}): it may be older than that write, so the origin
	 * answers, and nothing is stored until Redis has the invalidation.
	 */
	private Mono<Void> invalidationPending(CachedRead read) {
		metrics.request(read.route(), CacheResult.BYPASS);
		return origin.forward(read.exchange(), read.chain(), CacheResult.BYPASS,
				ForwardReason.BYPASS.cacheStatus("invalidation-pending"));
	}

	private boolean blocked(CachedRead read, CacheEntry entry) {
		return pending.blocks(read.route(), entry.tags(), read.retryEpoch());
	}

	/**
	 * Another request's answer, just stored: a hit, unless a held-back write covers it.
	 */
	private Mono<Void> servedCollapsed(CachedRead read, CacheEntry entry) {
		if (blocked(read, entry)) {
			return invalidationPending(read);
		}
		metrics.request(read.route(), CacheResult.HIT);
		return hits.answer(read.exchange(), entry, CacheResult.HIT, "collapsed");
	}

	/**
	 * A GET miss goes through the {@link RequestCoalescer}: one origin request per key at
	 * a time, the others served its stored answer ({@code detail=collapsed}). HEAD misses
	 * are never stored, so they never lead a flight.
	 */
	private Mono<Void> coalescedMiss(CachedRead read, Miss miss) {
		if (!read.isGet()) {
			return toOrigin(read, miss);
		}
		return coalescer.miss(read.key(), miss.snapshot(), eventLoops.of(read.exchange()),
				flight -> toOrigin(read, miss.leading(flight)), entry -> servedCollapsed(read, entry),
				() -> toOrigin(read, miss));
	}

	/**
	 * Goes to the origin for a read; its answer is judged and stored by a
	 * {@link MissResponse}.
	 */
	private Mono<Void> toOrigin(CachedRead read, Miss miss) {
		MissResponse response = new MissResponse(read, miss, this);
		ServerWebExchange.Builder forwarded = read.exchange().mutate().response(response);
		if (response.revalidatesOnItsOwn()) {
			forwarded.request(request -> request.headers(h -> Revalidation.addConditionals(miss.revalidating(), h)));
		}
		Mono<Void> call = origin.timed(read.chain().filter(forwarded.build()), read.route(), read.exchange());
		if (miss.fallback() == null) {
			return call;
		}
		// Refused connection, timeout: nothing was written yet, so the stale copy can
		// still be the answer.
		return call.onErrorResume(ex -> !read.exchange().getResponse().isCommitted(), ex -> {
			metrics.request(read.route(), CacheResult.STALE);
			read.exchange().getResponse().getHeaders().clear();
			return hits.answer(read.exchange(), miss.fallback(), CacheResult.STALE, "origin-error");
		});
	}

	CacheStore store() {
		return store;
	}

	Clock clock() {
		return clock;
	}

	CacheMetrics metrics() {
		return metrics;
	}

	TtlJitter jitter() {
		return jitter;
	}

	RequestEventLoops eventLoops() {
		return eventLoops;
	}

	HitResponder hits() {
		return hits;
	}

}
