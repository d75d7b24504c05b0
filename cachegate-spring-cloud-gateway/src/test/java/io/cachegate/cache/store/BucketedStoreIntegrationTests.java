package io.cachegate.cache.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cachegate.cache.redis.GuardedTestRedis;
import io.cachegate.cache.store.CacheStore.Lookup;
import io.cachegate.cache.testsupport.CacheTestData;
import io.cachegate.stack.test.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route split into buckets, on a real Redis: each bucket keeps its own sequence and tag
 * marks, an invalidation reaches the entries of every bucket, a write-through is judged
 * against the sequence of its own bucket, and a read that raced a write in any bucket
 * never stores its old answer. (The same store on a Redis Cluster:
 * {@code RedisClusterGatewayIntegrationTests}.)
 */
class BucketedStoreIntegrationTests {

	private static final int BUCKETS = 8;

	private final GuardedTestRedis redis = GuardedTestRedis.open();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));

	private final RedisCacheStore store = redis.store(clock, BUCKETS);

	private final String route = CacheTestData.uniqueRoute("buckets");

	@AfterEach
	void close() {
		redis.close();
	}

	@Test
	void aRoutesEntriesSpreadOverEveryBucketAndATagInvalidationReachesThemAll() {
		List<CacheKey> keys = IntStream.range(0, 64).mapToObj(id -> key("/items/" + id)).toList();
		assertThat(keys.stream().map(CacheKey::bucket).collect(Collectors.toSet())).hasSize(BUCKETS);
		for (CacheKey key : keys) {
			assertThat(store.store(key, snapshot(key), entry(key, "list")).block()).isTrue();
		}
		assertThat(keys).allMatch(key -> store.lookup(key).block() instanceof Lookup.Hit);

		assertThat(store.invalidate(route, Invalidation.of(Set.of("list")), null).block())
			.isEqualTo(InvalidationOutcome.INVALIDATED);

		assertThat(keys).allMatch(key -> store.lookup(key).block() instanceof Lookup.Miss);
	}

	@Test
	void invalidatingTheWholeRouteDropsEveryBucket() {
		List<CacheKey> keys = IntStream.range(0, 32).mapToObj(id -> key("/all/" + id)).toList();
		keys.forEach(key -> store.store(key, snapshot(key), entry(key)).block());

		store.invalidate(route, Invalidation.of(Set.of(Invalidation.ALL)), null).block();

		assertThat(keys).allMatch(key -> store.lookup(key).block() instanceof Lookup.Miss);
	}

	@Test
	void aWriteThroughIsJudgedAgainstTheSequenceOfItsOwnBucket() {
		// Every bucket's sequence moves, each by a different amount, so a snapshot of
		// the wrong bucket would not do.
		for (int round = 0; round < 3; round++) {
			store.invalidate(route, Invalidation.of(Set.of("warm-" + round)), null).block();
		}
		CacheKey other = key("/other");
		store.store(other, snapshot(other), entry(other)).block();
		CacheStore.Sequences before = store.sequences(route).block();
		assertThat(before.byBucket()).hasSize(BUCKETS).allMatch(sequence -> sequence >= 3);

		CacheKey written = key("/created/1");
		CacheEntry entry = entry(written);
		assertThat(store
			.invalidate(route, Invalidation.of(Set.of("list")),
					new CacheStore.WriteThrough(written, before.of(written), entry))
			.block()).isEqualTo(InvalidationOutcome.STORED);
		assertThat(store.lookup(written).block()).isInstanceOf(Lookup.Hit.class);

		// Another write touched the representation's tag since this snapshot: conflict.
		CacheKey again = key("/created/1");
		store
			.invalidate(route, Invalidation
				.of(Set.of(CacheTestData.entry(again, "", clock.instant(), Duration.ofMinutes(1)).tags().get(0))), null)
			.block();
		assertThat(store
			.invalidate(route, Invalidation.of(Set.of("list")),
					new CacheStore.WriteThrough(again, before.of(again), entry(again)))
			.block()).isEqualTo(InvalidationOutcome.CONFLICT);
	}

	@Test
	void aReadThatRacedAWriteNeverStoresItsOldAnswerWhateverItsBucket() {
		List<CacheKey> keys = IntStream.range(0, 40).mapToObj(id -> key("/raced/" + id)).toList();
		List<Long> snapshots = keys.stream().map(this::snapshot).toList();
		// The write lands while every read is at the origin.
		store.invalidate(route, Invalidation.of(Set.of("list")), null).block();
		for (int i = 0; i < keys.size(); i++) {
			assertThat(store.store(keys.get(i), snapshots.get(i), entry(keys.get(i), "list")).block())
				.as("bucket %d", keys.get(i).bucket())
				.isFalse();
		}
	}

	@Test
	void aSnapshotAboveTheBucketsSequenceIsNeverStoredUnder() {
		// A failover to a replica that missed the last invalidations sets a bucket's
		// sequence back: a snapshot read before it must not stamp an entry.
		CacheKey key = key("/failover");
		long snapshot = snapshot(key);
		assertThat(store.store(key, snapshot + 5, entry(key)).block()).isFalse();
		assertThat(store.store(key, snapshot, entry(key)).block()).isTrue();
	}

	private CacheKey key(String path) {
		return CacheKey.of(route, BUCKETS, path, route + " GET " + path);
	}

	private long snapshot(CacheKey key) {
		return ((Lookup.Miss) store.lookup(key).block()).sequence();
	}

	private CacheEntry entry(CacheKey key, String... tags) {
		CacheEntry plain = CacheTestData.entry(key, "body of " + key.path(), clock.instant(), Duration.ofMinutes(1));
		List<String> all = new java.util.ArrayList<>(plain.tags());
		all.addAll(List.of(tags));
		return new CacheEntry(200, plain.headers(), key.path().getBytes(StandardCharsets.UTF_8), plain.storedAt(),
				plain.freshness(), Duration.ZERO, Duration.ZERO, key.material(), all);
	}

}
