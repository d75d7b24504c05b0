package io.cachegate.cache.stampede;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import io.cachegate.cache.http.CacheHeaders;
import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.http.Revalidation;
import io.cachegate.cache.http.Storability;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore;

/**
 * stale-while-revalidate's background refresh: once per stale key in a cluster (the Redis
 * lease of {@link CacheLeases}; a key whose lease is held is being refreshed already),
 * the same GET goes to the route's origin with the caller's forwarded headers (its
 * verified Bearer token, request id) and, instead of the caller's conditionals, those
 * that revalidate the stale entry ({@link Revalidation}); a storable answer replaces the
 * stale entry, or a {@code 304} about it freshens it, through the ordinary store script,
 * stamped with the sequence the lookup returned, so a refresh that raced a write is
 * refused like any read. Runs detached from the request (the client already has the stale
 * copy) and bounded by {@code refresh-timeout}; failures only leave the stale entry as it
 * was.
 *
 * <p>
 * The refresh calls the route's URI directly, without the route's other filters: fine for
 * routes whose only filter is the cache (the case here); a route that rewrites paths
 * would need them.
 */
public final class StaleRefresher {

	private static final Logger logger = LoggerFactory.getLogger(StaleRefresher.class);

	/**
	 * Request headers not passed on: per hop, or the caller's conditionals (the refresh
	 * sends the entry's own).
	 */
	private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "keep-alive", "te", "trailer",
			"transfer-encoding", "upgrade", "content-length", "if-none-match", "if-modified-since", "if-match",
			"if-unmodified-since", "if-range", "range");

	private final WebClient client;

	private final CacheStore store;

	private final CacheLeases leases;

	private final TtlJitter jitter;

	private final CacheMetrics metrics;

	private final StampedeProperties properties;

	private final Clock clock;

	public StaleRefresher(WebClient client, CacheStore store, CacheLeases leases, TtlJitter jitter,
			CacheMetrics metrics, StampedeProperties properties, Clock clock) {
		this.client = client;
		this.store = store;
		this.leases = leases;
		this.jitter = jitter;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Starts a refresh of {@code key} in the background, unless one runs already
	 * somewhere.
	 */
	public void refresh(ServerWebExchange exchange, CacheKey key, CacheEntry stale, long snapshot, RoutePolicy policy) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return;
		}
		ServerHttpRequest request = exchange.getRequest();
		URI target = UriComponentsBuilder.fromUri(route.getUri())
			.replacePath(request.getURI().getRawPath())
			.replaceQuery(request.getURI().getRawQuery())
			.build(true)
			.toUri();
		HttpHeaders forwarded = new HttpHeaders();
		request.getHeaders().forEach((name, values) -> {
			if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
				forwarded.addAll(name, values);
			}
		});
		boolean hadAuthorization = forwarded.containsHeader(HttpHeaders.AUTHORIZATION);
		Revalidation.addConditionals(stale, forwarded);
		String token = leases.newToken();
		leases.acquire(key, token).flatMap(state -> {
			if (state != CacheLeases.State.ACQUIRED) {
				metrics.refresh(key.route(), "skipped");
				return Mono.empty();
			}
			return fetchAndStore(target, forwarded, hadAuthorization, key, stale, snapshot, policy)
				.doOnNext(outcome -> metrics.refresh(key.route(), outcome))
				.onErrorResume(ex -> {
					logger.debug("Background refresh of {} failed: {}", key.material(), ex.toString());
					metrics.refresh(key.route(), "failed");
					return Mono.empty();
				})
				.then(leases.release(key, token));
		}).subscribe();
	}

	private Mono<String> fetchAndStore(URI target, HttpHeaders forwarded, boolean hadAuthorization, CacheKey key,
			CacheEntry stale, long snapshot, RoutePolicy policy) {
		int limit = (int) Math.min(Integer.MAX_VALUE, policy.maxEntrySize().toBytes());
		return client.get()
			.uri(target)
			.headers(h -> h.addAll(forwarded))
			.exchangeToMono(response -> DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), limit)
				.map(joined -> {
					byte[] bytes = new byte[joined.readableByteCount()];
					joined.read(bytes);
					DataBufferUtils.release(joined);
					return bytes;
				})
				.defaultIfEmpty(new byte[0])
				.flatMap(body -> {
					int status = response.statusCode().value();
					HttpHeaders headers = response.headers().asHttpHeaders();
					Instant now = clock.instant();
					if (status == 304 && Revalidation.identifies(stale, headers, true)) {
						return revalidated(key, stale, snapshot, headers, hadAuthorization, policy, now);
					}
					Storability.Decision decision = Storability.decide(status, headers, hadAuthorization, policy, now);
					if (!decision.storable()) {
						return Mono.just("unstorable");
					}
					CacheKey variant = CacheKeys.forAnswer(key, headers, forwarded, policy);
					CacheEntry entry = new CacheEntry(status, CacheHeaders.storedHeaders(headers), body,
							decision.generatedAt(now), jitter.apply(decision.freshness()),
							decision.staleWhileRevalidate(), decision.staleIfError(), variant.material(),
							CacheHeaders.tags(headers, key.path()), decision.staleRetention());
					return store.store(variant, snapshot, entry).map(stored -> stored ? "stored" : "refused");
				}))
			.timeout(properties.refreshTimeout());
	}

	/** A 304 about the stale entry: freshened and stored again under the snapshot. */
	private Mono<String> revalidated(CacheKey key, CacheEntry stale, long snapshot, HttpHeaders notModified,
			boolean hadAuthorization, RoutePolicy policy, Instant now) {
		Revalidation.Freshened freshened = Revalidation.freshened(stale, notModified, hadAuthorization, policy, now,
				jitter::apply);
		if (!freshened.storable()) {
			return Mono.just("unstorable");
		}
		return store.store(key, snapshot, freshened.entry()).map(stored -> stored ? "revalidated" : "refused");
	}

}
