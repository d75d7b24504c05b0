package io.cachegate.gateway.cache.filter;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.gateway.auth.VerifiedToken;
import io.cachegate.gateway.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.gateway.cache.store.CacheStore.Lookup;
import io.cachegate.gateway.cache.metrics.CacheMetrics;
import io.cachegate.gateway.cache.store.CacheStore;
import io.cachegate.gateway.cache.store.CacheEntry;
import io.cachegate.gateway.cache.store.CacheKey;
import io.cachegate.gateway.cache.store.Invalidation;
import io.cachegate.gateway.cache.store.InvalidationOutcome;
import io.cachegate.gateway.cache.store.PendingInvalidations;
import io.cachegate.gateway.cache.http.CacheProperties;
import io.cachegate.gateway.cache.http.Storability;
import io.cachegate.gateway.cache.http.CacheKeys;
import io.cachegate.gateway.cache.http.WriteInvalidation;
import io.cachegate.gateway.cache.http.RequestEventLoops;
import io.cachegate.gateway.cache.stampede.RequestCoalescer;
import io.cachegate.gateway.cache.stampede.StaleRefresher;
import io.cachegate.gateway.cache.stampede.TtlJitter;
import io.cachegate.gateway.cache.hit.FreshHits;

/**
 * Read-through and write-through for one route.
 *
 * <ul>
 * <li>GET/HEAD: normalize the path (and forward the normalized one), look the key up (one
 * Redis round trip). A fresh hit is answered at once ({@code X-Cache: HIT}, {@code Age},
 * {@code Cache-Status}, 304 on a matching {@code If-None-Match}); the origin is not
 * called. A miss goes to the origin; if the answer may be stored, its body is copied as
 * it streams to the client (up to {@code max-entry-size}, abandoned beyond) and stored
 * once complete, under the snapshot taken by the lookup ({@link CacheStore} explains why
 * that closes the invalidation race). HEAD misses are forwarded, never stored.</li>
 * <li>Any unsafe method (all but GET, HEAD, OPTIONS and TRACE, unknown ones included):
 * the route's sequence is read first; on a 2xx or 3xx answer, what it made stale is
 * invalidated ({@link WriteInvalidation}: by version where the answer names its
 * representation), and a {@code Content-Location} answer's body is written through as the
 * GET entry of that URI, all before the client gets the answer, so a client that wrote
 * reads its write. The written-through entry is keyed by the writer's role: the answer
 * was made for that role, and the gateway cannot know that other roles would get the
 * same.</li>
 * <li>Redis unavailable: {@code X-Cache: BYPASS}, straight to the origin.</li>
 * </ul>
 * {@code Cache-Tag}, {@code Cachegate-Invalidate} and {@code Cachegate-Cache-Control}
 * never reach the client.
 */
public final class CacheFilter implements GatewayFilter {

	/**
	 * After authentication (a web filter), before Spring Cloud Gateway's response writer
	 * (-1).
	 */
	static final int ORDER = -10;

	static final String X_CACHE = "X-Cache";

	static final String CACHE_STATUS = "Cache-Status";

	static final String CACHE_TAG = "Cache-Tag";

	private static final int MAX_TAGS = 64;

	private static final int MAX_TAG_LENGTH = 256;

	/**
	 * Headers never replayed from an entry: per connection, per client, per request, or
	 * the gateway's own.
	 */
	private static final Set<String> NOT_STORED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "content-length", "set-cookie",
			"age", "cache-tag", "cachegate-invalidate", "cachegate-cache-control", "x-cache", "cache-status",
			"x-request-id", "location");

	private final CacheStore store;

	private final CacheProperties properties;

	private final Clock clock;

	private final CacheMetrics metrics;

	private final TtlJitter jitter;

	private final RequestCoalescer coalescer;

	private final StaleRefresher refresher;

	private final RequestEventLoops eventLoops;

	private final PendingInvalidations pending;

	CacheFilter(CacheStore store, CacheProperties properties, Clock clock, CacheMetrics metrics, TtlJitter jitter,
			RequestCoalescer coalescer, StaleRefresher refresher, RequestEventLoops eventLoops,
			PendingInvalidations pending) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.metrics = metrics;
		this.jitter = jitter;
		this.coalescer = coalescer;
		this.refresher = refresher;
		this.eventLoops = eventLoops;
		this.pending = pending;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		if (route == null) {
			return chain.filter(exchange);
		}
		RoutePolicy policy = properties.policy(route.getId());
		ServerHttpRequest request = exchange.getRequest();
		String rawPath = request.getURI().getRawPath();
		String path = CacheKeys.normalizePath(rawPath);
		ServerWebExchange normalized = path.equals(rawPath) ? exchange
				: exchange.mutate().request(request.mutate().path(path).build()).build();
		HttpMethod method = request.getMethod();
		if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
			return read(normalized, chain, route.getId(), policy, path);
		}
		if (HttpMethod.OPTIONS.equals(method) || HttpMethod.TRACE.equals(method)) {
			return forward(normalized, chain, "BYPASS", "cachegate; fwd=method");
		}
		// Every other method is unsafe (RFC 9110 section 9.2.1), known or not (RFC 9111
		// section 4.4).
		return write(normalized, chain, route.getId(), policy, path);
	}

	private Mono<Void> read(ServerWebExchange exchange, GatewayFilterChain chain, String route, RoutePolicy policy,
			String path) {
		if (!policy.enabled()) {
			metrics.request(route, CacheMetrics.BYPASS);
			return forward(exchange, chain, "BYPASS", "cachegate; fwd=bypass; detail=disabled");
		}
		ServerHttpRequest request = exchange.getRequest();
		String query = CacheKeys.normalizeQuery(request.getURI().getRawQuery());
		String role = VerifiedToken.of(exchange).map(VerifiedToken::role).orElse(null);
		CacheKey key = CacheKeys.key(route, path, query, role, request.getHeaders(), policy);
		// The fast path may have looked this very request up already (FreshHits): its
		// answer, not a second lookup.
		FreshHits.Found found = FreshHits.takeHandedOver(request, key);
		long stamp = found != null ? found.stamp() : pending.stamp();
		Mono<Lookup> looked = found != null ? Mono.just(found.lookup()) : store.lookup(key);
		return looked.publishOn(eventLoops.of(exchange)).flatMap(lookup -> {
			if (lookup instanceof Lookup.Hit hit && pending.blocks(route, hit.entry().tags(), stamp)) {
				return invalidationPending(exchange, chain, route);
			}
			if (lookup instanceof Lookup.Hit hit && hit.entry().isFresh(clock.instant())) {
				metrics.request(route, CacheMetrics.HIT);
				return serveHit(exchange, hit.entry(), "HIT", null);
			}
			if (lookup instanceof Lookup.Hit hit) {
				return stale(exchange, chain, key, hit, policy, stamp);
			}
			if (lookup instanceof Lookup.Miss miss) {
				return coalescedMiss(exchange, chain, key, miss.sequence(), policy, null, "miss", stamp);
			}
			// Redis could not be asked: a GET whose key is being fetched by another
			// request here still waits for that
			// answer rather than adding an origin request; otherwise (or if that answer
			// is not shared) it bypasses.
			Mono<Void> bypass = Mono.defer(() -> {
				metrics.request(route, CacheMetrics.BYPASS);
				return forward(exchange, chain, "BYPASS", "cachegate; fwd=bypass; detail=redis-unavailable");
			});
			if (!HttpMethod.GET.equals(request.getMethod())) {
				return bypass;
			}
			return coalescer.join(key, eventLoops.of(exchange), entry -> {
				if (pending.blocks(route, entry.tags(), stamp)) {
					return invalidationPending(exchange, chain, route);
				}
				metrics.request(route, CacheMetrics.HIT);
				return serveHit(exchange, entry, "HIT", "collapsed");
			}, () -> bypass);
		});
	}

	/**
	 * A stale entry (kept in Redis for its longer stale window). Inside
	 * stale-while-revalidate: served at once ({@code X-Cache: STALE}) and refreshed in
	 * the background, once per cluster. Past it but inside stale-if-error: a miss that
	 * falls back to the stale copy when the origin fails. Past both: a plain miss.
	 */
	private Mono<Void> stale(ServerWebExchange exchange, GatewayFilterChain chain, CacheKey key, Lookup.Hit hit,
			RoutePolicy policy, long stamp) {
		CacheEntry entry = hit.entry();
		Duration past = entry.age(clock.instant()).minus(entry.freshness());
		if (past.compareTo(entry.staleWhileRevalidate()) < 0) {
			metrics.request(key.route(), CacheMetrics.STALE);
			refresher.refresh(exchange, key, hit.sequence(), policy);
			return serveHit(exchange, entry, "STALE", "revalidating");
		}
		CacheEntry fallback = past.compareTo(entry.staleIfError()) < 0 ? entry : null;
		return coalescedMiss(exchange, chain, key, hit.sequence(), policy, fallback, "stale", stamp);
	}

	/**
	 * A write's invalidation that Redis has not taken yet covers the entry found
	 * ({@link PendingInvalidations}): it may be older than that write, so the origin
	 * answers, and nothing is stored until Redis has the invalidation.
	 */
	private Mono<Void> invalidationPending(ServerWebExchange exchange, GatewayFilterChain chain, String route) {
		metrics.request(route, CacheMetrics.BYPASS);
		return forward(exchange, chain, "BYPASS", "cachegate; fwd=bypass; detail=invalidation-pending");
	}

	/**
	 * A GET miss goes through the {@link RequestCoalescer}: one origin request per key at
	 * a time, the others served its stored answer ({@code detail=collapsed}). HEAD misses
	 * are never stored, so they never lead a flight.
	 */
	private Mono<Void> coalescedMiss(ServerWebExchange exchange, GatewayFilterChain chain, CacheKey key, long snapshot,
			RoutePolicy policy, CacheEntry fallback, String fwd, long stamp) {
		if (!HttpMethod.GET.equals(exchange.getRequest().getMethod())) {
			return miss(exchange, chain, key, snapshot, policy, fwd, null, fallback);
		}
		return coalescer.miss(key, snapshot, eventLoops.of(exchange),
				flight -> miss(exchange, chain, key, snapshot, policy, fwd, flight, fallback), entry -> {
					if (pending.blocks(key.route(), entry.tags(), stamp)) {
						return invalidationPending(exchange, chain, key.route());
					}
					metrics.request(key.route(), CacheMetrics.HIT);
					return serveHit(exchange, entry, "HIT", "collapsed");
				}, () -> miss(exchange, chain, key, snapshot, policy, fwd, null, fallback));
	}

	/**
	 * Answers from an entry: {@code HIT} (fresh; {@code detail=collapsed} when it is
	 * another request's answer just stored) or {@code STALE} ({@code detail=revalidating}
	 * or {@code origin-error}, with a negative {@code ttl}).
	 */
	private Mono<Void> serveHit(ServerWebExchange exchange, CacheEntry entry, String xCache, String detail) {
		ServerHttpResponse response = exchange.getResponse();
		HttpHeaders headers = response.getHeaders();
		for (CacheEntry.Header header : entry.headers()) {
			headers.add(header.name(), header.value());
		}
		Instant now = clock.instant();
		Duration age = entry.age(now);
		boolean stale = "STALE".equals(xCache);
		long ttlLeft = entry.freshness().minus(age).toSeconds();
		headers.set(HttpHeaders.AGE, Long.toString(age.toSeconds()));
		headers.set(X_CACHE, xCache);
		headers.set(CACHE_STATUS,
				"cachegate; hit" + (stale ? "; stale; ttl=" + Math.min(-1, ttlLeft) : "; ttl=" + Math.max(0, ttlLeft))
						+ (detail != null ? "; detail=" + detail : ""));
		String etag = entry.etag();
		if (etag != null && ifNoneMatchMatches(exchange.getRequest().getHeaders(), etag)) {
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

	/**
	 * RFC 9110 section 13.1.2: weak comparison; {@code *} matches any current
	 * representation.
	 */
	public static boolean ifNoneMatchMatches(HttpHeaders requestHeaders, String etag) {
		List<String> lines = requestHeaders.get(HttpHeaders.IF_NONE_MATCH);
		if (lines == null) {
			return false;
		}
		String ours = opaque(etag);
		for (String line : lines) {
			for (String candidate : line.split(",")) {
				String trimmed = candidate.trim();
				if (trimmed.equals("*") || opaque(trimmed).equals(ours)) {
					return true;
				}
			}
		}
		return false;
	}

	private static String opaque(String etag) {
		return etag.startsWith("W/") ? etag.substring(2) : etag;
	}

	/**
	 * Goes to the origin for a read.
	 * @param flight the coalescing flight this request leads (told whether its answer was
	 * stored), or null
	 * @param fallback a stale entry to serve if the origin fails (stale-if-error), or
	 * null
	 */
	private Mono<Void> miss(ServerWebExchange exchange, GatewayFilterChain chain, CacheKey key, long snapshot,
			RoutePolicy policy, String fwd, RequestCoalescer.Flight flight, CacheEntry fallback) {
		boolean head = HttpMethod.HEAD.equals(exchange.getRequest().getMethod());
		boolean hadAuthorization = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
		ReadResponse response = new ReadResponse(exchange, key, snapshot, policy, head, hadAuthorization, fwd, flight,
				fallback);
		Mono<Void> call = timed(chain.filter(exchange.mutate().response(response).build()), key.route(), exchange);
		if (fallback == null) {
			return call;
		}
		// Refused connection, timeout: nothing was written yet, so the stale copy can
		// still be the answer.
		return call.onErrorResume(ex -> !exchange.getResponse().isCommitted(), ex -> {
			metrics.request(key.route(), CacheMetrics.STALE);
			exchange.getResponse().getHeaders().clear();
			return serveHit(exchange, fallback, "STALE", "origin-error");
		});
	}

	private Mono<Void> write(ServerWebExchange exchange, GatewayFilterChain chain, String route, RoutePolicy policy,
			String path) {
		// The snapshot is only needed to write through, which only an enabled route does;
		// invalidation always runs,
		// so that turning the cache back on never serves what a write made while it was
		// off.
		Mono<Optional<Long>> snapshot = policy.enabled()
				? store.sequence(route).map(Optional::of).defaultIfEmpty(Optional.empty())
				: Mono.just(Optional.empty());
		return snapshot.publishOn(eventLoops.of(exchange)).flatMap(snap -> {
			WriteResponse response = new WriteResponse(exchange, route, path, policy, snap.orElse(null));
			return timed(chain.filter(exchange.mutate().response(response).build()), route, exchange);
		});
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, String xCache,
			String cacheStatus) {
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			stripInternal(response.getHeaders());
			response.getHeaders().set(X_CACHE, xCache);
			response.getHeaders().set(CACHE_STATUS, cacheStatus);
			return Mono.empty();
		});
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return timed(chain.filter(exchange), route != null ? route.getId() : "-", exchange);
	}

	/**
	 * Times an origin call until its answer is written (or fails), for
	 * {@code cachegate.origin.latency}.
	 */
	private Mono<Void> timed(Mono<Void> originCall, String route, ServerWebExchange exchange) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			String method = exchange.getRequest().getMethod().name();
			return originCall.doFinally(signal -> metrics.origin(route, method, started));
		});
	}

	private static void stripInternal(HttpHeaders headers) {
		headers.remove(CACHE_TAG);
		headers.remove(WriteInvalidation.INVALIDATE);
		headers.remove(Storability.TARGETED_FIELD);
	}

	public static List<CacheEntry.Header> storedHeaders(HttpHeaders headers) {
		List<CacheEntry.Header> kept = new ArrayList<>();
		headers.forEach((name, values) -> {
			if (!NOT_STORED.contains(name.toLowerCase(Locale.ROOT))) {
				values.forEach(value -> kept.add(new CacheEntry.Header(name, value)));
			}
		});
		return kept;
	}

	/**
	 * The response's {@code Cache-Tag}s (bounded in number and length), plus the URI tag
	 * of the path.
	 */
	public static List<String> tags(HttpHeaders headers, String path) {
		Set<String> tags = new LinkedHashSet<>();
		tags.add(CacheKeys.uriTag(path));
		headerTags(headers, CACHE_TAG, tags);
		return List.copyOf(tags);
	}

	/**
	 * Adds the tags of a comma-separated tag header to {@code tags}, which holds at most
	 * {@code MAX_TAGS}.
	 */
	public static void headerTags(HttpHeaders headers, String name, Set<String> tags) {
		List<String> lines = headers.get(name);
		if (lines == null) {
			return;
		}
		for (String line : lines) {
			for (String tag : line.split(",")) {
				String trimmed = tag.trim();
				if (!trimmed.isEmpty() && trimmed.length() <= MAX_TAG_LENGTH && trimmed.indexOf('\n') < 0
						&& tags.size() < MAX_TAGS) {
					tags.add(trimmed);
				}
			}
		}
	}

	/**
	 * Streams the body to the client while copying it, but holds the last chunk back
	 * until the entry is stored (bounded by the Redis timeout): a client that got the
	 * whole answer of a miss finds the entry on its next request. Everything before the
	 * last chunk streams untouched.
	 */
	private static Flux<DataBuffer> copyHoldingLastChunk(Flux<? extends DataBuffer> body, BoundedCopy copy,
			Mono<Void> store) {
		return Flux.defer(() -> {
			java.util.concurrent.atomic.AtomicReference<DataBuffer> held = new java.util.concurrent.atomic.AtomicReference<>();
			Flux<DataBuffer> allButLast = body.concatMap(buffer -> {
				copy.append(buffer);
				DataBuffer previous = held.getAndSet(buffer);
				return previous == null ? Mono.<DataBuffer>empty() : Mono.just(previous);
			});
			Mono<DataBuffer> last = Mono.defer(() -> {
				copy.complete();
				return store.onErrorResume(ex -> Mono.empty()).then(Mono.justOrEmpty(held.getAndSet(null)));
			});
			return allButLast.concatWith(last).doFinally(signal -> {
				DataBuffer leftover = held.getAndSet(null);
				if (leftover != null) {
					DataBufferUtils.release(leftover);
				}
			});
		});
	}

	/**
	 * Copies a body as it streams, up to a limit; past the limit the copy is dropped, the
	 * stream goes on.
	 */
	private static final class BoundedCopy {

		private final long limit;

		private java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

		private boolean complete;

		BoundedCopy(long limit) {
			this.limit = limit;
		}

		void append(DataBuffer buffer) {
			if (bytes == null) {
				return;
			}
			if (bytes.size() + (long) buffer.readableByteCount() > limit) {
				bytes = null;
				return;
			}
			try (DataBuffer.ByteBufferIterator iterator = buffer.readableByteBuffers()) {
				while (iterator.hasNext()) {
					ByteBuffer chunk = iterator.next();
					byte[] copy = new byte[chunk.remaining()];
					chunk.get(copy);
					bytes.writeBytes(copy);
				}
			}
		}

		void complete() {
			complete = true;
		}

		byte[] result() {
			return complete && bytes != null ? bytes.toByteArray() : null;
		}

	}

	/**
	 * A miss on its way back: decides whether to store, copies the body while it streams,
	 * then stores it.
	 */
	private final class ReadResponse extends ServerHttpResponseDecorator {

		private final CacheKey key;

		private final long snapshot;

		private final RoutePolicy policy;

		private final boolean head;

		private final boolean hadAuthorization;

		private final String fwd;

		private final ServerWebExchange exchange;

		private final RequestCoalescer.Flight flight;

		private final CacheEntry fallback;

		ReadResponse(ServerWebExchange exchange, CacheKey key, long snapshot, RoutePolicy policy, boolean head,
				boolean hadAuthorization, String fwd, RequestCoalescer.Flight flight, CacheEntry fallback) {
			super(exchange.getResponse());
			ServerHttpResponse delegate = exchange.getResponse();
			this.exchange = exchange;
			this.key = key;
			this.snapshot = snapshot;
			this.policy = policy;
			this.head = head;
			this.hadAuthorization = hadAuthorization;
			this.fwd = fwd;
			this.flight = flight;
			this.fallback = fallback;
			delegate.beforeCommit(() -> {
				stripInternal(delegate.getHeaders());
				return Mono.empty();
			});
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			HttpHeaders headers = getHeaders();
			int status = getStatusCode() != null ? getStatusCode().value() : 200;
			if (fallback != null && status >= 500) {
				// stale-if-error: the origin failed and a stale copy may stand in for its
				// answer.
				notShared();
				metrics.request(key.route(), CacheMetrics.STALE);
				headers.clear();
				return Flux.from(body)
					.doOnNext(DataBufferUtils::release)
					.then(Mono.defer(() -> serveHit(exchange, fallback, "STALE", "origin-error")));
			}
			Instant now = clock.instant();
			Storability.Decision decision = Storability.decide(status, headers, hadAuthorization, policy, now);
			long limit = policy.maxEntrySize().toBytes();
			boolean store = decision.storable() && !head && headers.getContentLength() <= limit;
			List<CacheEntry.Header> kept = store ? storedHeaders(headers) : List.of();
			List<String> tags = store ? tags(headers, key.path()) : List.of();
			headers.set(X_CACHE, "MISS");
			headers.set(CACHE_STATUS, "cachegate; fwd=" + fwd + (store ? "; stored" : ""));
			metrics.request(key.route(), store ? CacheMetrics.MISS : CacheMetrics.UNCACHEABLE);
			stripInternal(headers);
			if (!store) {
				notShared();
				return super.writeWith(body);
			}
			BoundedCopy copy = new BoundedCopy(limit);
			Mono<Void> storeOnce = Mono.defer(() -> {
				byte[] bytes = copy.result();
				if (bytes == null) {
					notShared();
					return Mono.empty();
				}
				CacheEntry entry = new CacheEntry(status, kept, bytes, decision.generatedAt(now),
						jitter.apply(decision.freshness()), decision.staleWhileRevalidate(), decision.staleIfError(),
						key.material(), tags);
				return CacheFilter.this.store.storeAt(key, snapshot, entry).doOnNext(sequence -> {
					if (flight != null && sequence >= 0) {
						flight.stored(entry, sequence);
					}
				}).doFinally(signal -> notShared()).then().publishOn(eventLoops.of(exchange));
			});
			return super.writeWith(copyHoldingLastChunk(Flux.from(body), copy, storeOnce));
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			// Streaming answers (server-sent events and the like) are never stored.
			notShared();
			metrics.request(key.route(), CacheMetrics.UNCACHEABLE);
			getHeaders().set(X_CACHE, "MISS");
			getHeaders().set(CACHE_STATUS, "cachegate; fwd=" + fwd);
			stripInternal(getHeaders());
			return super.writeAndFlushWith(body);
		}

		/**
		 * Waiters for this answer go to the origin themselves (no-op once the flight
		 * ended, or without one).
		 */
		private void notShared() {
			if (flight != null) {
				flight.notShared();
			}
		}

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

		private final Long snapshot;

		WriteResponse(ServerWebExchange exchange, String route, String path, RoutePolicy policy, Long snapshot) {
			super(exchange.getResponse());
			this.exchange = exchange;
			this.route = route;
			this.path = path;
			this.policy = policy;
			this.snapshot = snapshot;
			ServerHttpResponse delegate = exchange.getResponse();
			delegate.beforeCommit(() -> {
				stripInternal(delegate.getHeaders());
				return Mono.empty();
			});
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			HttpHeaders headers = getHeaders();
			int status = getStatusCode() != null ? getStatusCode().value() : 200;
			// RFC 9111 section 4.4: any non-error answer to an unsafe method invalidates.
			if (status < 200 || status > 399) {
				headers.set(X_CACHE, "BYPASS");
				headers.set(CACHE_STATUS, "cachegate; fwd=method");
				stripInternal(headers);
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
					&& length <= policy.maxEntrySize().toBytes();
			if (!writeThrough) {
				stripInternal(headers);
				return store.invalidate(route, invalidation, null)
					.publishOn(eventLoops.of(exchange))
					.flatMap(outcome -> {
						holdBackIfFailed(outcome, invalidation);
						headers.set(X_CACHE, "BYPASS");
						headers.set(CACHE_STATUS, "cachegate; fwd=method; detail=" + outcome.detail());
						return super.writeWith(body);
					});
			}
			URI location = write.representation().get();
			String entryPath = CacheKeys.normalizePath(location.getRawPath());
			String entryQuery = CacheKeys.normalizeQuery(location.getRawQuery());
			String role = VerifiedToken.of(exchange).map(VerifiedToken::role).orElse(null);
			CacheKey key = CacheKeys.key(route, entryPath, entryQuery, role, exchange.getRequest().getHeaders(),
					policy);
			List<CacheEntry.Header> kept = storedHeaders(headers);
			stripInternal(headers);
			return DataBufferUtils.join(body).map(joined -> {
				byte[] bytes = new byte[joined.readableByteCount()];
				joined.read(bytes);
				DataBufferUtils.release(joined);
				return bytes;
			}).defaultIfEmpty(new byte[0]).flatMap(bytes -> {
				CacheEntry entry = new CacheEntry(200, kept, bytes, decision.generatedAt(now),
						jitter.apply(decision.freshness()), decision.staleWhileRevalidate(), decision.staleIfError(),
						key.material(), write.representationTags());
				return store.invalidate(route, invalidation, new CacheStore.WriteThrough(key, snapshot, entry))
					.publishOn(eventLoops.of(exchange))
					.flatMap(outcome -> {
						holdBackIfFailed(outcome, invalidation);
						headers.set(X_CACHE, "BYPASS");
						headers.set(CACHE_STATUS, "cachegate; fwd=method; detail=" + outcome.detail());
						return super.writeWith(Mono.just(bufferFactory().wrap(bytes)));
					});
			});
		}

		/**
		 * Redis did not take the invalidation: this instance holds the entries back and
		 * retries.
		 */
		private void holdBackIfFailed(InvalidationOutcome outcome, Invalidation invalidation) {
			if (!outcome.applied()) {
				pending.add(route, invalidation.tags());
			}
		}

	}

}
