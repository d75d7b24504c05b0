package io.cachegate.cache.stampede;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore;
import io.cachegate.cache.store.Invalidation;
import io.cachegate.cache.store.InvalidationOutcome;
import io.cachegate.cache.store.RedisCacheStore;
import io.cachegate.cache.testsupport.CacheTestData;
import io.cachegate.cache.testsupport.TestRedisStore;
import io.cachegate.stack.test.MovableClock;

import static io.cachegate.cache.testsupport.TestRedisStore.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RequestCoalescer} on its own, on a fixed clock, with the real store and lease on
 * the test Redis (each test a route of its own): concurrent misses of one key make one
 * origin call and share its stored answer; an answer that is not shared, or stored before
 * a waiter's lookup saw a later change, sends waiters to the origin; waiting is bounded;
 * an entry found fresh on the clock is served without the origin; and a lease held by
 * another instance is waited out. The origin is a function the tests hold with latches.
 */
class RequestCoalescerTests {

	private final TestRedisStore redis = new TestRedisStore();

	private final MovableClock clock = redis.clock();

	private final RedisCacheStore store = redis.store();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final CacheKey key = CacheTestData.key(CacheTestData.uniqueRoute("coalescer"), "/users/1");

	private final CacheEntry entry = CacheTestData.entry(key, "stored once", clock.instant(), Duration.ofSeconds(60));

	private final Origin origin = new Origin();

	private final List<CacheEntry> served = new CopyOnWriteArrayList<>();

	private final AtomicInteger alone = new AtomicInteger();

	@AfterEach
	void close() {
		origin.answer.tryEmitEmpty();
		redis.close();
	}

	@Test
	void concurrentMissesOfOneKeyMakeOneOriginCallAndShareItsStoredAnswer() throws Exception {
		RequestCoalescer coalescer = coalescer(Duration.ofSeconds(5));
		CompletableFuture<Void> leader = miss(coalescer, 0).toFuture();
		List<CompletableFuture<Void>> waiters = IntStream.range(0, 3)
			.mapToObj(i -> miss(coalescer, 0).toFuture())
			.toList();

		RequestCoalescer.Flight flight = origin.awaitCall();
		long storedAt = store.storeAt(key, 0, entry).block(WAIT);
		flight.stored(entry, storedAt);
		origin.answer.tryEmitEmpty();
		awaitAll(leader, waiters);

		assertThat(origin.calls).hasValue(1);
		assertThat(served).hasSize(3).allSatisfy(shared -> assertThat(shared).isSameAs(entry));
		assertThat(alone).hasValue(0);
		assertThat(coalesced("served").count()).isEqualTo(3);
		assertThat(coalescer.inFlight()).isZero();
	}

	@Test
	void aWaiterWhoseLookupSawALaterChangeThanTheStoredAnswerGoesToTheOriginItself() throws Exception {
		RequestCoalescer coalescer = coalescer(Duration.ofSeconds(5));
		CompletableFuture<Void> leader = miss(coalescer, 0).toFuture();
		// Looked the key up after an invalidation the leader's answer may predate.
		CompletableFuture<Void> late = miss(coalescer, 1_000).toFuture();

		RequestCoalescer.Flight flight = origin.awaitCall();
		flight.stored(entry, store.storeAt(key, 0, entry).block(WAIT));
		origin.answer.tryEmitEmpty();
		awaitAll(leader, List.of(late));

		assertThat(served).isEmpty();
		assertThat(alone).hasValue(1);
		assertThat(coalesced("alone").count()).isEqualTo(1);
	}

	@Test
	void anAnswerThatIsNotSharedSendsTheWaitersOnAtOnceAndTheNextMissLeadsANewFlight() throws Exception {
		RequestCoalescer coalescer = coalescer(Duration.ofSeconds(5));
		CompletableFuture<Void> leader = miss(coalescer, 0).toFuture();
		List<CompletableFuture<Void>> waiters = List.of(miss(coalescer, 0).toFuture(), miss(coalescer, 0).toFuture());

		origin.awaitCall().notShared();
		CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(alone).as("released before the leader's answer ended").hasValue(2);
		assertThat(coalescer.inFlight()).as("the key is forgotten").isZero();
		origin.answer.tryEmitEmpty();
		leader.get(10, TimeUnit.SECONDS);

		Origin next = new Origin();
		CompletableFuture<Void> again = coalescer
			.miss(key, 0, Schedulers.parallel(), next::call, this::serve, this::goAlone)
			.toFuture();
		next.awaitCall().notShared();
		next.answer.tryEmitEmpty();
		again.get(10, TimeUnit.SECONDS);
		assertThat(next.calls).hasValue(1);
	}

	@Test
	void aWaiterGoesToTheOriginItselfOnceTheCoalesceWaitIsOver() throws Exception {
		RequestCoalescer coalescer = coalescer(Duration.ofMillis(200));
		CompletableFuture<Void> leader = miss(coalescer, 0).toFuture();
		RequestCoalescer.Flight flight = origin.awaitCall();

		miss(coalescer, 0).toFuture().get(10, TimeUnit.SECONDS);

		assertThat(alone).hasValue(1);
		assertThat(coalesced("timeout").count()).isEqualTo(1);
		assertThat(coalescer.inFlight()).as("the leader's flight goes on").isOne();
		flight.notShared();
		origin.answer.tryEmitEmpty();
		leader.get(10, TimeUnit.SECONDS);
	}

	@Test
	void aLeaderServesAnEntryStoredSinceItsLookupWhileTheClockSaysItIsFresh() throws Exception {
		store.storeAt(key, 0, entry).block(WAIT);
		clock.move(Duration.ofSeconds(59));

		miss(coalescer(Duration.ofSeconds(5)), 0).toFuture().get(10, TimeUnit.SECONDS);

		assertThat(origin.calls).hasValue(0);
		assertThat(served).hasSize(1);
		assertThat(CacheTestData.text(served.get(0))).isEqualTo("stored once");
	}

	@Test
	void aLeaderGoesToTheOriginWhenTheEntryFoundIsNoLongerFreshOnTheClock() throws Exception {
		// A stale window keeps the entry in Redis past its freshness.
		CacheEntry withWindow = new CacheEntry(200, entry.headers(), entry.body(), entry.storedAt(), entry.freshness(),
				Duration.ofMinutes(5), Duration.ZERO, entry.keyMaterial(), entry.tags());
		store.storeAt(key, 0, withWindow).block(WAIT);
		clock.move(Duration.ofSeconds(60));

		CompletableFuture<Void> leader = miss(coalescer(Duration.ofSeconds(5)), 0).toFuture();
		origin.awaitCall().notShared();
		origin.answer.tryEmitEmpty();
		leader.get(10, TimeUnit.SECONDS);

		assertThat(origin.calls).hasValue(1);
		assertThat(served).isEmpty();
	}

	@Test
	void whileAnotherInstanceHoldsTheLeaseTheLeaderLooksForItsEntryInsteadOfCallingTheOrigin() throws Exception {
		CacheLeases otherInstance = redis.leases(Duration.ofSeconds(5));
		String token = otherInstance.newToken();
		assertThat(otherInstance.acquireForFlight(key, token).block(WAIT)).isEqualTo(CacheLeases.State.ACQUIRED);
		// The other instance's answer, stored while it still holds the lease.
		store.storeAt(key, 0, entry).block(WAIT);

		miss(coalescer(Duration.ofSeconds(5)), 0).toFuture().get(10, TimeUnit.SECONDS);

		assertThat(origin.calls).hasValue(0);
		assertThat(served).hasSize(1);
		assertThat(coalesced("served").count()).isEqualTo(1);
		otherInstance.release(key, token).block(WAIT);
	}

	@Test
	void aLeaseReleasedWithoutAnEntrySendsTheWaitingLeaderToTheOrigin() throws Exception {
		CacheLeases otherInstance = redis.leases(Duration.ofSeconds(5));
		String token = otherInstance.newToken();
		otherInstance.acquireForFlight(key, token).block(WAIT);
		CountingLookups lookups = new CountingLookups(store, 2);
		RequestCoalescer coalescer = new RequestCoalescer(lookups, redis.leases(Duration.ofSeconds(5)),
				new CacheMetrics(meters), properties(Duration.ofSeconds(5)), clock);

		CompletableFuture<Void> leader = miss(coalescer, 0).toFuture();
		assertThat(lookups.awaited.await(10, TimeUnit.SECONDS)).as("the leader looks again while the lease is held")
			.isTrue();
		otherInstance.release(key, token).block(WAIT);
		origin.awaitCall().notShared();
		origin.answer.tryEmitEmpty();
		leader.get(10, TimeUnit.SECONDS);

		assertThat(origin.calls).hasValue(1);
		assertThat(served).isEmpty();
		assertThat(coalesced("alone").count()).isEqualTo(1);
	}

	private static StampedeProperties properties(Duration coalesceWait) {
		return new StampedeProperties(0, coalesceWait, Duration.ofSeconds(5), Duration.ofMillis(10),
				Duration.ofSeconds(10));
	}

	private RequestCoalescer coalescer(Duration coalesceWait) {
		return new RequestCoalescer(store, redis.leases(Duration.ofSeconds(5)), new CacheMetrics(meters),
				properties(coalesceWait), clock);
	}

	private Mono<Void> miss(RequestCoalescer coalescer, long snapshot) {
		return coalescer.miss(key, snapshot, Schedulers.parallel(), origin::call, this::serve, this::goAlone);
	}

	private Mono<Void> serve(CacheEntry shared) {
		served.add(shared);
		return Mono.empty();
	}

	private Mono<Void> goAlone() {
		alone.incrementAndGet();
		return Mono.empty();
	}

	private Timer coalesced(String outcome) {
		Timer timer = meters.find("cachegate.cache.coalesced").tag("outcome", outcome).timer();
		assertThat(timer).as("a coalesced wait with outcome %s", outcome).isNotNull();
		return timer;
	}

	private static void awaitAll(CompletableFuture<Void> leader, List<CompletableFuture<Void>> waiters)
			throws Exception {
		leader.get(10, TimeUnit.SECONDS);
		CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
	}

	/**
	 * The origin as a flight's leader reaches it: counts calls, hands the test the
	 * flight, and answers when the test says so.
	 */
	private static final class Origin {

		final AtomicInteger calls = new AtomicInteger();

		final Sinks.Empty<Void> answer = Sinks.empty();

		private final AtomicReference<RequestCoalescer.Flight> flight = new AtomicReference<>();

		private final CountDownLatch called = new CountDownLatch(1);

		Mono<Void> call(RequestCoalescer.Flight leading) {
			calls.incrementAndGet();
			flight.set(leading);
			called.countDown();
			return answer.asMono();
		}

		RequestCoalescer.Flight awaitCall() throws InterruptedException {
			assertThat(called.await(10, TimeUnit.SECONDS)).as("the leader called the origin").isTrue();
			return flight.get();
		}

	}

	/**
	 * The real store's lookups, counted down a latch; the coalescer only looks entries
	 * up, so anything else it asked of the store fails the test.
	 */
	private static final class CountingLookups implements CacheStore {

		final CountDownLatch awaited;

		private final CacheStore store;

		CountingLookups(CacheStore store, int lookups) {
			this.store = store;
			this.awaited = new CountDownLatch(lookups);
		}

		@Override
		public Mono<Lookup> lookup(CacheKey key) {
			return store.lookup(key).doOnNext(found -> awaited.countDown());
		}

		@Override
		public Mono<Void> warmUp() {
			return notALookup();
		}

		@Override
		public Mono<Boolean> store(CacheKey key, long snapshot, CacheEntry entry) {
			return notALookup();
		}

		@Override
		public Mono<Long> storeAt(CacheKey key, long snapshot, CacheEntry entry) {
			return notALookup();
		}

		@Override
		public Mono<Boolean> remove(CacheKey key) {
			return store.remove(key);
		}

		@Override
		public Mono<Sequences> sequences(String route) {
			return notALookup();
		}

		@Override
		public Mono<InvalidationOutcome> invalidate(String route, Invalidation invalidation,
				WriteThrough writeThrough) {
			return notALookup();
		}

		private static <T> Mono<T> notALookup() {
			return Mono.error(new UnsupportedOperationException("the coalescer only looks entries up"));
		}

	}

}
