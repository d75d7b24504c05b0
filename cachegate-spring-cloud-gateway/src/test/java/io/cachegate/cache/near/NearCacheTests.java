package io.cachegate.cache.near;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore.Lookup;
import io.cachegate.cache.store.Invalidation;

import static org.assertj.core.api.Assertions.assertThat;

class NearCacheTests {

	private static final CacheKey KEY = CacheKey.of("users", "/users/1", "users GET /users/1 role=USER");

	private final NearCache near = new NearCache(
			new NearCacheProperties(true, DataSize.ofMegabytes(1), Duration.ofSeconds(5), true),
			new SimpleMeterRegistry(), Clock.systemUTC());

	@Test
	void holdsALiveHitUntilOneOfItsTagsIsEvicted() {
		near.put(KEY, near.evictionEpoch(), System.nanoTime(), hit("user:1"));
		assertThat(near.get(KEY)).isNotNull();
		near.evict("users", Invalidation.of(List.of("user:2")));
		assertThat(near.get(KEY)).as("another tag").isNotNull();
		near.evict("users", Invalidation.of(List.of("user:1")));
		assertThat(near.get(KEY)).isNull();
	}

	@Test
	void aHitFromALookupThatAnEvictionOvertookIsNeverHeld() {
		long stamp = near.evictionEpoch();
		// The lookup is in flight when the invalidation's local eviction runs; its (old)
		// answer arrives after.
		near.evict("users", Invalidation.of(List.of("user:1")));
		near.put(KEY, stamp, System.nanoTime(), hit("user:1"));
		assertThat(near.get(KEY)).isNull();
	}

	@Test
	void aChangeToTheVersionAHitHoldsLeavesItButAChangeToALaterOneKillsIt() {
		// The hit holds version 1 (its ETag).
		near.put(KEY, near.evictionEpoch(), System.nanoTime(), hit("user:1"));
		near.evict("users", versioned("user:1", 1));
		assertThat(near.get(KEY)).as("the change of version 1 is in it").isNotNull();
		near.evict("users", versioned("user:1", 0));
		assertThat(near.get(KEY)).as("an older change").isNotNull();
		near.evict("users", versioned("user:1", 2));
		assertThat(near.get(KEY)).isNull();
	}

	@Test
	void aLookupOvertakenByAChangeToALaterVersionIsNeverHeldButOneOfItsOwnVersionIs() {
		long stamp = near.evictionEpoch();
		near.evict("users", versioned("user:1", 1));
		near.put(KEY, stamp, System.nanoTime(), hit("user:1"));
		assertThat(near.get(KEY)).isNotNull();
		long later = near.evictionEpoch();
		near.evict("users", versioned("user:1", 2));
		near.put(KEY, later, System.nanoTime(), hit("user:1"));
		assertThat(near.get(KEY)).isNull();
	}

	@Test
	void aVersionedChangeKillsAHitWithoutAVersion() {
		CacheKey list = CacheKey.of("users", "/users", "users GET /users role=USER");
		CacheEntry entry = new CacheEntry(200, List.of(), "[]".getBytes(), Instant.now(), Duration.ofSeconds(60),
				Duration.ZERO, Duration.ZERO, "m", List.of("uri:/users", "user:1"));
		near.put(list, near.evictionEpoch(), System.nanoTime(), new Lookup.Hit(entry, 60_000, 7));
		assertThat(near.get(list)).isNotNull();
		near.evict("users", versioned("user:1", 1));
		assertThat(near.get(list)).isNull();
	}

	@Test
	void theBoundCountsFromWhenTheLookupWasSent() {
		long sentLongAgo = System.nanoTime() - Duration.ofSeconds(6).toNanos();
		near.put(KEY, near.evictionEpoch(), sentLongAgo, hit("user:1"));
		assertThat(near.get(KEY)).isNull();
	}

	@Test
	void clearKillsEverythingAndTheSameTagOnAnotherRouteDoesNot() {
		near.put(KEY, near.evictionEpoch(), System.nanoTime(), hit("user:1"));
		near.evict("auth", Invalidation.of(List.of("user:1")));
		assertThat(near.get(KEY)).isNotNull();
		near.clear();
		assertThat(near.get(KEY)).isNull();
	}

	@Test
	void staleEntriesAndADisabledCacheHoldNothing() {
		CacheEntry stale = new CacheEntry(200, List.of(), new byte[0], Instant.now().minusSeconds(120),
				Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO, "m", List.of("user:1"));
		near.put(KEY, near.evictionEpoch(), System.nanoTime(), new Lookup.Hit(stale, 1000, 1));
		assertThat(near.get(KEY)).isNull();
		NearCache off = new NearCache(
				new NearCacheProperties(false, DataSize.ofMegabytes(1), Duration.ofSeconds(5), true),
				new SimpleMeterRegistry(), Clock.systemUTC());
		off.put(KEY, off.evictionEpoch(), System.nanoTime(), hit("user:1"));
		assertThat(off.get(KEY)).isNull();
		assertThat(off.enabled()).isFalse();
	}

	private static Invalidation versioned(String tag, long version) {
		return new Invalidation(java.util.Set.of(tag), java.util.Map.of(tag, version));
	}

	private static Lookup.Hit hit(String tag) {
		CacheEntry entry = new CacheEntry(200, List.of(new CacheEntry.Header("ETag", "\"1\"")), "{}".getBytes(),
				Instant.now(), Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO, "m", List.of("uri:/users/1", tag));
		return new Lookup.Hit(entry, 60_000, 7);
	}

}
