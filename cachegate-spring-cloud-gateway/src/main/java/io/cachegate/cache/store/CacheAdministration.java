package io.cachegate.cache.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;

import static io.cachegate.cache.store.ScriptValues.text;

/**
 * What the cache admin API may do to the cache, kept in the cache package so its Redis
 * layout (keys, entry format, invalidation script) stays private to it. Not on the
 * request path: calls go straight to Redis (no circuit breaker, whose short timeout fits
 * requests, not an operator's scan) with their own timeout, and fail loudly rather than
 * bypass.
 *
 * <ul>
 * <li>Listing walks {@code SCAN} one step per page (never {@code KEYS}) over
 * {@code cg:{<route>}:e:*}: only entry keys, never another program's keys.</li>
 * <li>Invalidation by tag goes through the same script as a write's
 * ({@link CacheStore#invalidate}), so it is O(1) per tag and race-free like any
 * other.</li>
 * <li>Clearing unlinks entries, vary records, leases and Basic tokens
 * ({@code cg:{*}:e:*}, {@code cg:{*}:v:*}, {@code cg:{*}:lock:*}, {@code cg:basic:*}) in
 * batches, and keeps each route's sequence and tag marks: they are the invalidation
 * clock, and dropping them would let a read in flight store an answer that a write
 * already invalidated.</li>
 * </ul>
 */
public final class CacheAdministration {

	/**
	 * An entry key as the gateway writes it: {@code cg:{<route>}:e:<hash>}, or
	 * {@code cg:{<route>:<k>}:e:<hash>} on a route split into buckets.
	 */
	private static final Pattern ENTRY_KEY = Pattern
		.compile("cg:\\{([A-Za-z0-9._~-]+)(:[0-9]{1,6})?\\}:e:[A-Za-z0-9_-]{1,64}");

	private static final Pattern ROUTE = Pattern.compile("[A-Za-z0-9._~-]{1,64}");

	private static final int CLEAR_BATCH = 500;

	private static final int MEMORY_SAMPLE = 64;

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final CacheStore store;

	private final KeyListing listing;

	private final RedisScript<List> entryScript;

	private final RedisScript<List> memoryScript;

	private final Duration timeout;

	private final Clock clock;

	public CacheAdministration(ReactiveRedisTemplate<String, byte[]> redis, CacheStore store,
			RedisScript<List> scanScript, RedisScript<List> entryScript, RedisScript<List> memoryScript,
			Duration timeout, Clock clock) {
		this.redis = redis;
		this.store = store;
		this.listing = new KeyListing(redis, scanScript, timeout);
		this.entryScript = entryScript;
		this.memoryScript = memoryScript;
		this.timeout = timeout;
		this.clock = clock;
	}

	/**
	 * Whether a text is a route id the admin API accepts (it becomes part of a SCAN
	 * pattern).
	 */
	public static boolean isRouteId(String route) {
		return route != null && ROUTE.matcher(route).matches();
	}

	/** Whether a text is one of the gateway's entry keys. */
	public static boolean isEntryKey(String key) {
		return key != null && ENTRY_KEY.matcher(key).matches();
	}

	/**
	 * One page of entries.
	 * @param route a route id, or null for every route
	 * @param cursor the cursor of the previous page, {@code "0"} to start
	 * @param count how many keys SCAN looks at (a hint: a page may hold fewer, even none,
	 * before the end)
	 * @param material a filter on the readable key material, or null for all
	 */
	public Mono<KeyPage> keys(String route, String cursor, int count, Pattern material) {
		return listing.page(route, cursor, count, material);
	}

	/** An entry as stored, empty when absent. */
	public Mono<Optional<EntryView>> entry(String key) {
		return redis.execute(entryScript, List.of(key), List.of()).next().timeout(timeout).map(result -> {
			if (result.isEmpty()) {
				return Optional.<EntryView>empty();
			}
			byte[] payload = (byte[]) result.get(0);
			CacheEntry entry = EntryCodec.decode(payload);
			Instant now = clock.instant();
			Duration age = entry.age(now);
			List<EntryView.Header> headers = entry.headers()
				.stream()
				.map(h -> new EntryView.Header(h.name(), h.value()))
				.toList();
			return Optional.of(new EntryView(key, RedisKeys.routeOf(key), entry.keyMaterial(), entry.status(), headers,
					entry.storedAt(), age.toSeconds(), entry.freshness().toSeconds(),
					Math.max(0, entry.freshness().minus(age).toSeconds()), entry.staleWhileRevalidate().toSeconds(),
					entry.staleIfError().toSeconds(), Long.parseLong(text(result.get(2))), entry.tags(),
					entry.body().length, payload.length, Long.parseLong(text(result.get(3))),
					Long.parseLong(text(result.get(1)))));
		}).defaultIfEmpty(Optional.empty());
	}

	/** Deletes one entry; true when it existed. */
	public Mono<Boolean> delete(String key) {
		return redis.unlink(key).timeout(timeout).map(count -> count > 0);
	}

	/**
	 * Invalidates tags on each route (the write path's script: one new sequence number
	 * per route, O(1) per tag).
	 * @return the routes whose invalidation Redis took
	 */
	public Mono<List<String>> invalidate(Collection<String> routes, Collection<String> tags) {
		return Flux.fromIterable(routes)
			.concatMap(route -> store.invalidate(route, Invalidation.of(tags), null)
				.filter(InvalidationOutcome::applied)
				.map(outcome -> route))
			.collectList();
	}

	/**
	 * Unlinks every entry, lease and Basic token of the gateway (see the class comment);
	 * the number unlinked.
	 */
	public Mono<Long> clear() {
		return Flux.just("cg:{*}:e:*", "cg:{*}:v:*", "cg:{*}:lock:*", "cg:basic:*")
			.concatMap(pattern -> redis.scan(ScanOptions.scanOptions().match(pattern).count(CLEAR_BATCH).build())
				.buffer(CLEAR_BATCH)
				.concatMap(batch -> redis.unlink(batch.toArray(String[]::new)).timeout(timeout)))
			.reduce(0L, Long::sum);
	}

	/**
	 * Entries and memory: entries are counted by a SCAN over the entry keys, stopping
	 * after {@code scanLimit} (then the count is a lower bound); their memory is
	 * estimated from {@code MEMORY USAGE} of a sample.
	 */
	public Mono<StoreStats> stats(long scanLimit) {
		return redis.scan(ScanOptions.scanOptions().match("cg:{*}:e:*").count(1000).build())
			.take(scanLimit + 1)
			.collectList()
			.flatMap(keys -> {
				boolean complete = keys.size() <= scanLimit;
				long entries = complete ? keys.size() : scanLimit;
				List<String> sample = keys.subList(0, (int) Math.min(keys.size(), MEMORY_SAMPLE));
				// One key per call: on a cluster a script's keys must share a slot. Each
				// answer names its node, so every node's used memory is counted once.
				// Without entries, one call without keys still says the memory used.
				List<List<String>> calls = sample.isEmpty() ? List.of(List.of())
						: sample.stream().map(List::of).toList();
				return Flux.fromIterable(calls)
					.flatMap(call -> redis.execute(memoryScript, call, List.of()).next(), 8)
					.collectList()
					.map(results -> {
						Map<String, Long> usedByNode = new HashMap<>();
						long sampledBytes = 0;
						long sampledKeys = 0;
						for (List<?> result : results) {
							usedByNode.put(text(result.get(3)), Long.parseLong(text(result.get(0))));
							sampledBytes += Long.parseLong(text(result.get(1)));
							sampledKeys += Long.parseLong(text(result.get(2)));
						}
						long estimate = sampledKeys == 0 ? 0 : sampledBytes * entries / sampledKeys;
						long used = usedByNode.values().stream().mapToLong(Long::longValue).sum();
						return new StoreStats(entries, complete, estimate, used);
					});
			})
			.timeout(timeout.multipliedBy(4));
	}

	/** One page of a key listing; {@code cursor} is {@code "0"} on the last page. */
	public record KeyPage(String cursor, List<KeySummary> keys) {

		public KeyPage {
			keys = List.copyOf(keys);
		}

	}

	/**
	 * One entry in a listing.
	 *
	 * @param key the Redis key, to pass to the entry endpoints
	 * @param route the route id
	 * @param material the readable key (route, method, path, query, vary values)
	 * @param ttlMillis what Redis still keeps it for
	 */
	public record KeySummary(String key, String route, String material, long ttlMillis) {
	}

	/**
	 * One entry in detail.
	 *
	 * @param freshnessLeftSeconds 0 once stale
	 * @param ttlMillis what Redis still keeps it for (freshness plus the longer stale
	 * window)
	 * @param bodyBytes the body's size
	 * @param storedBytes the encoded value's size
	 * @param memoryBytes Redis's {@code MEMORY USAGE} of the key
	 * @param stamp the route sequence number it was stamped with (see {@link CacheStore})
	 */
	public record EntryView(String key, String route, String material, int status, List<Header> headers,
			Instant storedAt, long ageSeconds, long freshnessSeconds, long freshnessLeftSeconds,
			long staleWhileRevalidateSeconds, long staleIfErrorSeconds, long ttlMillis, List<String> tags,
			long bodyBytes, long storedBytes, long memoryBytes, long stamp) {

		public EntryView {
			headers = List.copyOf(headers);
			tags = List.copyOf(tags);
		}

		/** One stored header line. */
		public record Header(String name, String value) {
		}

	}

	/**
	 * @param entries entries counted
	 * @param exact false when the count stopped at the scan limit
	 * @param entriesMemoryBytes estimated memory of the entries
	 * @param redisUsedMemoryBytes Redis's {@code used_memory} (the whole server; on a
	 * cluster, summed over the masters the sample met)
	 */
	public record StoreStats(long entries, boolean exact, long entriesMemoryBytes, long redisUsedMemoryBytes) {
	}

}
