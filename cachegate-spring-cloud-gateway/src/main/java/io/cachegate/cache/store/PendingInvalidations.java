package io.cachegate.cache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Invalidations that a successful write could not make in Redis (Redis down, a timeout,
 * the circuit open), kept in this instance until Redis takes them.
 *
 * <p>
 * The write already happened at the origin, so its answer goes to the client; but the
 * entries it made stale are still in Redis (and Redis may be back a moment later).
 * Without this class the client's next read could be served one of them: an acknowledged
 * write read stale. So the failed tags are remembered here, and until a retry has
 * invalidated them in Redis, no entry carrying one of them is served by this instance:
 * the read goes to the origin. The retries run in the background with a growing pause (up
 * to {@code maxPause}) for as long as it takes.
 *
 * <p>
 * The check is exact about timing: an entry found by a lookup that was sent before a
 * retry succeeded is still refused (its lookup may have read Redis before the
 * invalidation landed); {@link #retryEpoch()} taken before the lookup tells which.
 * Resolved tags are forgotten after {@code forgetAfter}, far longer than any lookup may
 * take.
 *
 * <p>
 * Bounded: past {@code maxTagsPerRoute} unresolved tags on a route, the route's implicit
 * tag ({@link Invalidation#ALL}) is pending instead, which holds back the whole route
 * until one retry invalidates all of it. Other instances are not protected by this (they
 * know nothing of the failure): for them the change event of the write, which every
 * instance follows, is what invalidates; see CACHE.md.
 */
public final class PendingInvalidations {

	private static final Logger logger = LoggerFactory.getLogger(PendingInvalidations.class);

	private static final Duration FIRST_PAUSE = Duration.ofMillis(50);

	private final BiFunction<String, Collection<String>, Mono<Boolean>> invalidator;

	private final Duration maxPause;

	private final Duration forgetAfter;

	private final int maxTagsPerRoute;

	/** Route and tag: the mark of its last failed invalidation. */
	private final ConcurrentHashMap<RouteTag, Mark> marks = new ConcurrentHashMap<>();

	/**
	 * Advances at each successful retry; a lookup takes it before it is sent (its retry
	 * epoch).
	 */
	private final AtomicLong resolutions = new AtomicLong();

	private final AtomicBoolean retrying = new AtomicBoolean();

	private final Counter failed;

	private final Counter retried;

	/**
	 * @param invalidator invalidates tags of a route in Redis; true when Redis took it
	 */
	public PendingInvalidations(BiFunction<String, Collection<String>, Mono<Boolean>> invalidator, Duration maxPause,
			Duration forgetAfter, int maxTagsPerRoute, MeterRegistry meters) {
		this.invalidator = invalidator;
		this.maxPause = maxPause;
		this.forgetAfter = forgetAfter;
		this.maxTagsPerRoute = maxTagsPerRoute;
		this.failed = Counter.builder("cachegate.cache.invalidations.failed")
			.description("Write invalidations Redis could not take, kept pending and retried")
			.register(meters);
		this.retried = Counter.builder("cachegate.cache.invalidations.retried")
			.description("Pending invalidations that a retry made in Redis")
			.register(meters);
		Gauge.builder("cachegate.cache.invalidations.pending", this, PendingInvalidations::unresolved)
			.description("Tags whose invalidation Redis has not taken yet; their entries are not served")
			.register(meters);
	}

	/** To be taken before a lookup is sent, and given to {@link #blocks}. */
	public long retryEpoch() {
		return resolutions.get();
	}

	/**
	 * A write's invalidation of these tags failed: hold back their entries and retry
	 * until Redis takes it.
	 */
	public void add(String route, Collection<String> tags) {
		failed.increment();
		long unresolvedOnRoute = marks.entrySet()
			.stream()
			.filter(entry -> entry.getKey().route().equals(route) && entry.getValue().unresolved())
			.count();
		Collection<String> held = unresolvedOnRoute + tags.size() > maxTagsPerRoute ? List.of(Invalidation.ALL) : tags;
		for (String tag : held) {
			marks.put(new RouteTag(route, tag), new Mark());
		}
		logger.warn("Invalidation of {} on route {} could not be made in Redis; their entries are not served here "
				+ "until a retry makes it", held, route);
		retrySoon(FIRST_PAUSE);
	}

	/**
	 * Whether an entry of this route with these tags, found by a lookup sent at
	 * {@code retryEpoch}, must not be served: one of its tags (or the whole route) has an
	 * invalidation Redis had not taken when the lookup was sent.
	 */
	public boolean blocks(String route, Collection<String> entryTags, long retryEpoch) {
		if (marks.isEmpty()) {
			return false;
		}
		if (blocks(marks.get(new RouteTag(route, Invalidation.ALL)), retryEpoch)) {
			return true;
		}
		for (String tag : entryTags) {
			if (blocks(marks.get(new RouteTag(route, tag)), retryEpoch)) {
				return true;
			}
		}
		return false;
	}

	private static boolean blocks(Mark mark, long retryEpoch) {
		return mark != null && (mark.unresolved() || mark.resolvedAt > retryEpoch);
	}

	/** How many tags are waiting for Redis. */
	int unresolved() {
		return (int) marks.values().stream().filter(Mark::unresolved).count();
	}

	private void retrySoon(Duration pause) {
		if (!retrying.compareAndSet(false, true)) {
			return;
		}
		Mono.delay(pause).then(retryOnce()).subscribe(allDone -> {
			retrying.set(false);
			forgetOldResolutions();
			// Checked after the flag is down: a failure recorded during the retry is
			// never left without one.
			if (unresolved() > 0) {
				Duration next = pause.multipliedBy(2).compareTo(maxPause) > 0 ? maxPause : pause.multipliedBy(2);
				retrySoon(allDone ? FIRST_PAUSE : next);
			}
		}, ex -> {
			logger.error("Retrying pending invalidations failed", ex);
			retrying.set(false);
			retrySoon(maxPause);
		});
	}

	/**
	 * One attempt per route for everything unresolved now; true when Redis took them all.
	 */
	private Mono<Boolean> retryOnce() {
		Map<String, Map<RouteTag, Mark>> byRoute = new LinkedHashMap<>();
		marks.forEach((key, mark) -> {
			if (mark.unresolved()) {
				byRoute.computeIfAbsent(key.route(), route -> new HashMap<>()).put(key, mark);
			}
		});
		return Flux.fromIterable(byRoute.entrySet()).concatMap(route -> {
			List<String> tags = new ArrayList<>(route.getValue().keySet().stream().map(RouteTag::tag).toList());
			return invalidator.apply(route.getKey(), tags).onErrorReturn(false).doOnNext(taken -> {
				if (taken) {
					resolve(route.getKey(), route.getValue());
				}
			});
		}).all(Boolean::booleanValue);
	}

	/**
	 * Marks the attempted tags resolved, unless a newer failure replaced a mark meanwhile
	 * (it needs its own retry).
	 */
	private void resolve(String route, Map<RouteTag, Mark> attempted) {
		long at = resolutions.incrementAndGet();
		attempted.forEach((key, mark) -> marks.replace(key, mark, mark.resolved(at)));
		retried.increment();
		logger.info("Pending invalidation of {} on route {} made in Redis",
				attempted.keySet().stream().map(RouteTag::tag).toList(), route);
	}

	private void forgetOldResolutions() {
		long now = System.nanoTime();
		marks.entrySet()
			.removeIf(entry -> !entry.getValue().unresolved()
					&& now - entry.getValue().resolvedNanos > forgetAfter.toNanos());
	}

	private record RouteTag(String route, String tag) {
	}

	/**
	 * One failed invalidation of a tag (identity matters: a newer failure is a new mark).
	 */
	private static final class Mark {

		private static final long UNRESOLVED = Long.MAX_VALUE;

		private final long resolvedAt;

		private final long resolvedNanos;

		Mark() {
			this(UNRESOLVED, 0);
		}

		private Mark(long resolvedAt, long resolvedNanos) {
			this.resolvedAt = resolvedAt;
			this.resolvedNanos = resolvedNanos;
		}

		boolean unresolved() {
			return resolvedAt == UNRESOLVED;
		}

		Mark resolved(long at) {
			return new Mark(at, System.nanoTime());
		}

	}

}
