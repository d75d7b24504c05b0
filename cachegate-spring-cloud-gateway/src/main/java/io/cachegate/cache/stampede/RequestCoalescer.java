package io.cachegate.cache.stampede;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore.Lookup;
import io.cachegate.cache.store.CacheStore;

/**
 * Request coalescing: concurrent misses for one key make one origin request per instance,
 * and, through the Redis lease ({@link CacheLeases}), about one per cluster.
 *
 * <ul>
 * <li>In this instance, the first miss for a key opens a {@link Flight} (a per-key
 * {@link Sinks.One} in a {@link ConcurrentHashMap}); later misses subscribe to it and are
 * notified of its outcome, no polling. A stored answer is served to them from memory
 * ({@code X-Cache: HIT}, {@code Cache-Status: ...; collapsed}). An answer that could not
 * be stored (uncacheable, an error, too large, refused by the store) makes them go to the
 * origin themselves at once, and nothing about the key is remembered, so the next misses
 * form a new flight. They wait {@code coalesce-wait} at most, then go themselves.</li>
 * <li>A waiter is served the stored answer only if it was alive when the waiter looked
 * the key up: the store reports the route's sequence at the moment it stored, and a
 * waiter whose lookup saw a later sequence (a write invalidated something in between,
 * possibly this very answer's data) goes to the origin itself. So a read sent after a
 * write was acknowledged never gets an answer fetched before that write.</li>
 * <li>Across instances, the flight's leader takes the lease ({@code SET NX PX}). If
 * another instance holds it, the leader looks for the entry with a doubling pause (from
 * {@code lease-poll} to 8 times that), bounded by {@code coalesce-wait}; it goes to the
 * origin itself as soon as the lease is gone without an entry (the holder's answer was
 * not storable) or the wait is over. Redis unavailable: no lease, the leader goes at
 * once.</li>
 * </ul>
 */
public final class RequestCoalescer {

	private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

	private final CacheStore store;

	private final CacheLeases leases;

	private final CacheMetrics metrics;

	private final StampedeProperties properties;

	private final Clock clock;

	public RequestCoalescer(CacheStore store, CacheLeases leases, CacheMetrics metrics, StampedeProperties properties,
			Clock clock) {
		this.store = store;
		this.leases = leases;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Handles a GET miss for {@code key}.
	 * @param snapshot the route's sequence seen by this request's lookup
	 * @param scheduler where this request continues after waiting (its connection's event
	 * loop)
	 * @param toOrigin goes to the origin as the flight's leader; the request must call
	 * {@link Flight#stored} or {@link Flight#notShared} (the flight ends as not shared
	 * anyway when the returned Mono ends)
	 * @param serve answers with another request's stored entry
	 * @param alone goes to the origin outside any flight
	 */
	public Mono<Void> miss(CacheKey key, long snapshot, Scheduler scheduler, Function<Flight, Mono<Void>> toOrigin,
			Function<CacheEntry, Mono<Void>> serve, Supplier<Mono<Void>> alone) {
		return Mono.defer(() -> {
			Flight mine = new Flight(key);
			Flight existing = flights.putIfAbsent(key.redisKey(), mine);
			if (existing != null) {
				return follow(existing, snapshot, scheduler, serve, alone);
			}
			String token = leases.newToken();
			return leases.acquireForFlight(key, token).publishOn(scheduler).flatMap(state -> switch (state) {
				case ACQUIRED -> {
					mine.leaseToken = token;
					// A flight for this key may have ended between this request's lookup
					// and now: look once more
					// (one round trip, against an origin call) so a late arrival does not
					// fetch the key again.
					yield freshEntry(key, scheduler).flatMap(found -> {
						if (found.isPresent()) {
							mine.stored(found.get().entry(), found.get().sequence());
							return serve.apply(found.get().entry());
						}
						return lead(mine, toOrigin);
					});
				}
				case UNAVAILABLE -> lead(mine, toOrigin);
				case HELD ->
					awaitOtherInstance(mine, scheduler, toOrigin, serve, System.nanoTime(), properties.leasePoll());
			})
				// However the leader's part ends, the flight ends with it: also when its
				// client goes away before the
				// origin was asked (while it takes the lease, looks again, or waits for
				// another instance's entry).
				// A flight left registered would make every later miss of the key wait
				// coalesce-wait for nothing.
				.doFinally(signal -> mine.notShared());
		});
	}

	/**
	 * Joins the flight of {@code key} if one is in progress in this instance (used when
	 * Redis cannot be asked, so no flight can be led); otherwise, or if its answer is not
	 * shared, {@code alone}. Without a lookup there is no snapshot to compare: the
	 * flight's answer is served if it was stored. That is safe because a flight ends as
	 * soon as its store's reply arrives, on the Redis connection's thread, and every
	 * reply on that one connection arrives in order: a write invalidating the answer
	 * after it was stored is answered, and so acknowledged, only after the flight has
	 * ended, so no request sent after that acknowledgement can join it.
	 */
	public Mono<Void> join(CacheKey key, Scheduler scheduler, Function<CacheEntry, Mono<Void>> serve,
			Supplier<Mono<Void>> alone) {
		return Mono.defer(() -> {
			Flight existing = flights.get(key.redisKey());
			return existing != null ? follow(existing, Long.MIN_VALUE, scheduler, serve, alone) : alone.get();
		});
	}

	/** How many keys have a flight in progress (for tests and diagnostics). */
	int inFlight() {
		return flights.size();
	}

	/**
	 * Goes to the origin for the flight; {@link #miss} ends the flight when this
	 * request's part ends.
	 */
	private Mono<Void> lead(Flight flight, Function<Flight, Mono<Void>> toOrigin) {
		return Mono.defer(() -> toOrigin.apply(flight));
	}

	private Mono<Void> follow(Flight flight, long snapshot, Scheduler scheduler, Function<CacheEntry, Mono<Void>> serve,
			Supplier<Mono<Void>> alone) {
		long started = System.nanoTime();
		// The answer is emitted on the thread that stored it (Redis's event loop): a herd
		// of waiters must not all
		// write their responses on that one thread, so each continues on its own
		// connection's event loop.
		return flight.answer.asMono()
			.publishOn(scheduler)
			.timeout(properties.coalesceWait())
			.map(Optional::of)
			.onErrorResume(TimeoutException.class, ex -> Mono.just(Optional.empty()))
			.flatMap(outcome -> {
				Duration waited = Duration.ofNanos(System.nanoTime() - started);
				if (outcome.isEmpty()) {
					metrics.coalesced(flight.key.route(), "timeout", waited);
					return alone.get();
				}
				if (outcome.get().isPresent() && outcome.get().get().sequence() >= snapshot) {
					metrics.coalesced(flight.key.route(), "served", waited);
					return serve.apply(outcome.get().get().entry());
				}
				metrics.coalesced(flight.key.route(), "alone", waited);
				return alone.get();
			});
	}

	/**
	 * Another instance holds the lease: look for its entry until it appears, the lease is
	 * gone without one, or the wait is over; then this instance's flight is served from
	 * the entry, or its leader goes to the origin.
	 */
	private Mono<Void> awaitOtherInstance(Flight flight, Scheduler scheduler, Function<Flight, Mono<Void>> toOrigin,
			Function<CacheEntry, Mono<Void>> serve, long started, Duration pause) {
		return freshEntry(flight.key, scheduler).flatMap(found -> {
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			if (found.isPresent()) {
				metrics.coalesced(flight.key.route(), "served", waited);
				flight.stored(found.get().entry(), found.get().sequence());
				return serve.apply(found.get().entry());
			}
			if (waited.plus(pause).compareTo(properties.coalesceWait()) > 0) {
				metrics.coalesced(flight.key.route(), "timeout", waited);
				return lead(flight, toOrigin);
			}
			return leases.held(flight.key).publishOn(scheduler).flatMap(held -> {
				if (!held) {
					// Released without an entry (unstorable answer), or stored just now:
					// one more look, then go.
					return freshEntry(flight.key, scheduler).flatMap(late -> {
						if (late.isPresent()) {
							metrics.coalesced(flight.key.route(), "served", waited);
							flight.stored(late.get().entry(), late.get().sequence());
							return serve.apply(late.get().entry());
						}
						metrics.coalesced(flight.key.route(), "alone", waited);
						return lead(flight, toOrigin);
					});
				}
				Duration next = pause.multipliedBy(2).compareTo(properties.leasePoll().multipliedBy(8)) > 0
						? properties.leasePoll().multipliedBy(8) : pause.multipliedBy(2);
				return Mono.delay(pause)
					.then(Mono.defer(() -> awaitOtherInstance(flight, scheduler, toOrigin, serve, started, next)));
			});
		});
	}

	/**
	 * A fresh entry found now, with the route's sequence its lookup saw (it was alive
	 * then).
	 */
	private Mono<Optional<Shared>> freshEntry(CacheKey key, Scheduler scheduler) {
		return store.lookup(key)
			.publishOn(scheduler)
			.map(lookup -> lookup instanceof Lookup.Hit hit && hit.entry().isFresh(clock.instant())
					? Optional.of(new Shared(hit.entry(), hit.sequence())) : Optional.<Shared>empty());
	}

	/**
	 * An answer a flight can share: its entry and a route sequence at which the entry was
	 * alive in Redis.
	 */
	private record Shared(CacheEntry entry, long sequence) {
	}

	/**
	 * One key's origin request in this instance, and those waiting for it. Ends once:
	 * with the entry stored (shared with the waiters) or without (the waiters go
	 * themselves); either way the key is forgotten and the lease released.
	 */
	public final class Flight {

		private final CacheKey key;

		private final Sinks.One<Optional<Shared>> answer = Sinks.one();

		private final AtomicBoolean done = new AtomicBoolean();

		private volatile String leaseToken;

		private Flight(CacheKey key) {
			this.key = key;
		}

		/**
		 * The leader's answer was stored when the route's sequence was {@code sequence}:
		 * waiters whose lookup saw that sequence or an earlier one get it.
		 */
		public void stored(CacheEntry entry, long sequence) {
			finish(Optional.of(new Shared(entry, sequence)));
		}

		/**
		 * The leader's answer cannot be shared: waiters go to the origin themselves, now.
		 */
		public void notShared() {
			finish(Optional.empty());
		}

		private void finish(Optional<Shared> outcome) {
			if (!done.compareAndSet(false, true)) {
				return;
			}
			// Forget the key first: a miss arriving from now on starts a new flight
			// rather than joining a finished one.
			flights.remove(key.redisKey(), this);
			answer.tryEmitValue(outcome);
			String token = leaseToken;
			if (token != null) {
				leases.release(key, token).subscribe();
			}
		}

	}

}
