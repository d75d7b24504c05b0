package io.cachegate.cache.hit;

import java.time.Clock;
import java.time.Instant;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.http.CacheProperties;
import io.cachegate.cache.http.PrivatePathRules;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.metrics.CacheResult;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore.Lookup;
import io.cachegate.cache.store.CacheStore;
import io.cachegate.cache.store.PendingInvalidations;
import io.cachegate.cache.web.RequestEventLoops;

/**
 * Fresh hits for a handler that answers before Spring WebFlux builds its exchange (the
 * fast path, {@code io.cachegate.cache.hit}): the same key, the same store (near cache
 * first), the same hold-back of entries a pending invalidation covers
 * ({@link PendingInvalidations}) and the same freshness rule as {@code CacheFilter}.
 * Whatever is not a fresh hit is the {@code CacheFilter}'s to handle; the lookup already
 * made is handed over to it ({@link #handOver}), so a miss still costs one Redis round
 * trip, not two.
 */
public final class FreshHits {

	/**
	 * The lookup a request's fast path made, left on its connection for the
	 * {@code CacheFilter} of that request.
	 */
	private static final AttributeKey<HandedOver> HANDED_OVER = AttributeKey.valueOf("cachegate.handedOverLookup");

	private final CacheStore store;

	private final CacheProperties properties;

	private final PendingInvalidations pending;

	private final CacheMetrics metrics;

	private final RequestEventLoops eventLoops;

	private final Clock clock;

	private final PrivatePathRules privatePaths;

	public FreshHits(CacheStore store, CacheProperties properties, PendingInvalidations pending, CacheMetrics metrics,
			RequestEventLoops eventLoops, PrivatePathRules privatePaths, Clock clock) {
		this.privatePaths = privatePaths;
		this.store = store;
		this.properties = properties;
		this.pending = pending;
		this.metrics = metrics;
		this.eventLoops = eventLoops;
		this.clock = clock;
	}

	/**
	 * A read the fast path may answer: a GET or HEAD on a route that caches, already
	 * authenticated.
	 *
	 * @param route the route id
	 * @param path the raw path; only a path that needs no normalization is looked up
	 * ({@link #isNormalized})
	 * @param rawQuery the raw query, or null
	 * @param role the caller's role from its verified token
	 * @param headers the request's headers (for the route's vary headers)
	 */
	public record Read(String route, String path, String rawQuery, String role, HttpHeaders headers) {
	}

	/**
	 * Whether a raw path is already in the form the cache keys by (and forwards), so the
	 * fast path may use it.
	 */
	public static boolean isNormalized(String rawPath) {
		return CacheKeys.isNormalized(rawPath);
	}

	/**
	 * Whether reads of this path of this route use the cache at all (on, and not one of
	 * its private paths).
	 */
	public boolean caches(String route, String path) {
		return properties.policy(route).enabled() && !privatePaths.isPrivate(route, path);
	}

	/** The cache key of the read. */
	public CacheKey key(Read read) {
		RoutePolicy policy = properties.policy(read.route());
		String query = CacheKeys.normalizeQuery(read.rawQuery());
		return CacheKeys.key(read.route(), read.path(), query, read.role(), read.headers(), policy);
	}

	/**
	 * What the store holds in memory for the key (the near cache), found at once without
	 * I/O; null when only {@link #find} can say.
	 */
	public Found held(CacheKey key) {
		long retryEpoch = pending.retryEpoch();
		Lookup.Hit held = store.held(key);
		return held != null ? found(key, retryEpoch, held) : null;
	}

	/**
	 * Looks the key up; completes on the given event loop (the request's own) with what
	 * was found, a fresh hit or not (never fails: Redis trouble is a {@link Found}
	 * without a hit).
	 */
	public Mono<Found> find(CacheKey key, EventLoop loop) {
		long retryEpoch = pending.retryEpoch();
		return eventLoops.onLoop(loop, store.lookup(key).map(lookup -> found(key, retryEpoch, lookup)));
	}

	private Found found(CacheKey key, long retryEpoch, Lookup lookup) {
		if (lookup instanceof Lookup.Hit hit && !pending.blocks(key.route(), hit.entry().tags(), retryEpoch)) {
			Instant now = clock.instant();
			if (hit.entry().isFresh(now)) {
				return new Found(key, retryEpoch, lookup, new FreshHit(hit.entry(), now));
			}
		}
		return new Found(key, retryEpoch, lookup, null);
	}

	/**
	 * Counts a hit the fast path answered: as {@code CacheFilter} counts its own, and in
	 * {@code cachegate.cache.fast-path.hits}, the share of hits that took the fast path.
	 */
	public void served(String route) {
		metrics.request(route, CacheResult.HIT);
		metrics.fastPathHit(route);
	}

	/**
	 * Leaves what the fast path found for the {@code CacheFilter} that will handle this
	 * same request, so it does not look the key up again. Kept on the connection, tied to
	 * the request object (Reactor Netty's, which the gateway's request wraps): a later
	 * request on the connection never takes it.
	 */
	public void handOver(Connection request, Found found) {
		request.channel().attr(HANDED_OVER).set(new HandedOver(request, found));
	}

	/**
	 * What the fast path found for this request and key, taken once; null when it found
	 * nothing for them.
	 */
	public static Found takeHandedOver(ServerHttpRequest request, CacheKey key) {
		Channel channel = channel(request);
		HandedOver handedOver = channel != null ? channel.attr(HANDED_OVER).getAndSet(null) : null;
		if (handedOver == null || handedOver.request() != nativeRequest(request)
				|| !handedOver.found().key().equals(key)) {
			return null;
		}
		return handedOver.found();
	}

	private static Object nativeRequest(ServerHttpRequest request) {
		try {
			return ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static Channel channel(ServerHttpRequest request) {
		return nativeRequest(request) instanceof Connection connection ? connection.channel() : null;
	}

	/**
	 * What one lookup found: the key, the {@link PendingInvalidations#retryEpoch()} taken
	 * before it, the store's answer, and the fresh hit it makes, if any.
	 */
	public static final class Found {

		private final CacheKey key;

		private final long retryEpoch;

		private final Lookup lookup;

		private final FreshHit hit;

		Found(CacheKey key, long retryEpoch, Lookup lookup, FreshHit hit) {
			this.key = key;
			this.retryEpoch = retryEpoch;
			this.lookup = lookup;
			this.hit = hit;
		}

		/** The fresh hit to serve, or null: the request goes on to the gateway. */
		public FreshHit hit() {
			return hit;
		}

		CacheKey key() {
			return key;
		}

		public long retryEpoch() {
			return retryEpoch;
		}

		public Lookup lookup() {
			return lookup;
		}

	}

	private record HandedOver(Object request, Found found) {
	}

}
