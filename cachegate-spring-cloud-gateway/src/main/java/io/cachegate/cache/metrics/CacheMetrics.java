package io.cachegate.cache.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The cache's meters, on Micrometer (so at {@code /actuator/prometheus}, dots becoming
 * underscores):
 *
 * <ul>
 * <li>{@code cachegate.cache.requests{route,result}}: reads by cache result,
 * {@code result} one of {@link CacheResult}'s tags ({@code uncacheable}: went to the
 * origin and the answer could not be stored).</li>
 * <li>{@code cachegate.cache.fast-path.hits{route}}: the hits among them answered by the
 * fast path, before the gateway's filters.</li>
 * <li>{@code cachegate.origin.latency{route,method}}: from the origin call to the end of
 * its answer.</li>
 * <li>{@code cachegate.cache.coalesced{route,outcome}}: how long requests waited for
 * another request's answer (a timer, so its count is the number of coalesced waits);
 * {@code outcome} {@code served} (got the other's answer), {@code alone} (the other's
 * answer could not be shared, went to the origin itself) or {@code timeout} (waited the
 * bounded time, went itself).</li>
 * <li>{@code cachegate.cache.refreshes{route,outcome}}: background refreshes of stale
 * entries.</li>
 * </ul>
 * Meters are looked up per call (Micrometer caches them by name and tags), so routes need
 * no registration.
 */
public final class CacheMetrics {

	/** The request counter's name, read back by the admin statistics. */
	public static final String REQUESTS = "cachegate.cache.requests";

	/**
	 * Hits answered by the fast path ({@code io.cachegate.cache.hit}), a subset of the
	 * hits.
	 */
	public static final String FAST_PATH_HITS = "cachegate.cache.fast-path.hits";

	private final MeterRegistry meters;

	/**
	 * The meters of the two calls made on every request, looked up once per tag pair:
	 * building a meter's id (tags sorted, registry lookup) on each request was a visible
	 * share of a hit's CPU time.
	 */
	private final Map<String, Counter[]> requests = new ConcurrentHashMap<>();

	private final Map<String, Timer> origins = new ConcurrentHashMap<>();

	private final Map<String, Counter> fastPathHits = new ConcurrentHashMap<>();

	public CacheMetrics(MeterRegistry meters) {
		this.meters = meters;
	}

	public void request(String route, CacheResult result) {
		Counter[] byResult = requests.get(route);
		if (byResult == null) {
			byResult = requests.computeIfAbsent(route, ignored -> new Counter[CacheResult.values().length]);
		}
		Counter counter = byResult[result.ordinal()];
		if (counter == null) {
			// Registering the same meter twice gives the same counter: a race here is
			// harmless.
			counter = Counter.builder(REQUESTS)
				.tag("route", route)
				.tag("result", result.tag())
				.description("Reads through the cache, by route and cache result")
				.register(meters);
			byResult[result.ordinal()] = counter;
		}
		counter.increment();
	}

	public void fastPathHit(String route) {
		fastPathHits
			.computeIfAbsent(route,
					ignored -> Counter.builder(FAST_PATH_HITS)
						.tag("route", route)
						.description(
								"Hits answered by the fast path, before the gateway's filters (also counted as hits)")
						.register(meters))
			.increment();
	}

	public void origin(String route, String method, long startedNanos) {
		origins
			.computeIfAbsent(route + ' ' + method,
					ignored -> Timer.builder("cachegate.origin.latency")
						.tag("route", route)
						.tag("method", method)
						.description("Origin calls made by the gateway, until the end of the answer")
						.publishPercentileHistogram()
						.register(meters))
			.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
	}

	public void coalesced(String route, String outcome, Duration waited) {
		Timer.builder("cachegate.cache.coalesced")
			.tag("route", route)
			.tag("outcome", outcome)
			.description("Requests that waited for another request's answer to the same key")
			.publishPercentileHistogram()
			.register(meters)
			.record(waited);
	}

	public void refresh(String route, String outcome) {
		Counter.builder("cachegate.cache.refreshes")
			.tag("route", route)
			.tag("outcome", outcome)
			.description("Background refreshes of stale entries")
			.register(meters)
			.increment();
	}

}
