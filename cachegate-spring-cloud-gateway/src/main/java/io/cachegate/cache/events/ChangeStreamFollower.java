package io.cachegate.cache.events;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import io.cachegate.cache.near.CacheInvalidation;
import io.cachegate.support.redis.RedisConnector;

/**
 * Follows user-service's change stream and invalidates what each event names, in this
 * instance's near cache and in Redis (through {@link CacheInvalidation}, the same script
 * a write uses).
 *
 * <h2>Every instance reads every event</h2> Plain {@code XREAD}, not a consumer group:
 * each instance must evict its own near cache. Each also applies the event to Redis; that
 * is idempotent (a tag invalidated twice is simply invalidated), needs no coordination
 * and has no gap when an instance dies. Its price: N instances make N {@code INCR}s per
 * event, and an entry stored in the few milliseconds between two instances' invalidations
 * of its tag is dropped once more (one extra miss).
 *
 * <h2>Its own connection and thread</h2> The blocking {@code XREAD} runs on a Redis
 * connection of its own (never the shared one of the cache, where it would hold every
 * request up); it blocks no thread, and what an event triggers runs on a single thread of
 * its own, never on an event loop. It follows Spring Boot's Redis settings
 * ({@link RedisConnector}): on a Redis Cluster the stream, one key, is read from the
 * master of its slot, and the two position keys are written wherever their slots live.
 *
 * <h2>Versions decide</h2> An event names, for each row that exists after the change, its
 * tag and new version ({@code tagVersions}); those tags are invalidated by version, so
 * entries already holding that version stay: the echo of a write that a gateway already
 * wrote through leaves the fresh entry in place, whether it arrives before or after the
 * write-through. Deletes, lists and rows gone are invalidated without a version (see
 * {@link io.cachegate.cache.store.Invalidation}).
 *
 * <h2>Position</h2> After each batch the position is saved in Redis, under
 * {@code cg:events:pos:<instance>}, and as {@code cg:events:applied} (the latest batch
 * any instance applied). A restart resumes from its own position; a new instance from
 * {@code cg:events:applied}, else from the stream's end. Delivery is at least once: a
 * batch applied but not yet saved is applied again after a restart, harmlessly.
 *
 * <h2>Fallen behind</h2> The stream is trimmed to a bounded length. If entries after this
 * instance's position were trimmed ({@code XINFO STREAM}'s {@code max-deleted-entry-id}),
 * the instance cannot know what they changed: it drops the whole route's cache (the tag
 * {@link CacheInvalidation#ALL}, which every entry carries) and its near cache, logs a
 * WARN and counts {@code cachegate.events.dropped}. Checked at start and after each full
 * batch (only an instance that reads full batches can be falling behind).
 */
final class ChangeStreamFollower {

	private static final Logger logger = LoggerFactory.getLogger(ChangeStreamFollower.class);

	static final String POSITION_PREFIX = "cg:events:pos:";

	static final String APPLIED = "cg:events:applied";

	private final RedisConnector redis;

	private final CacheInvalidation invalidation;

	private final EventsProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private volatile String instanceId;

	private volatile Counter consumed;

	private volatile Counter dropped;

	private volatile Timer lag;

	private volatile Disposable running;

	private volatile Scheduler scheduler;

	private final AtomicReference<String> position = new AtomicReference<>();

	ChangeStreamFollower(RedisConnector redis, CacheInvalidation invalidation, EventsProperties properties,
			MeterRegistry meters, Clock clock) {
		this.redis = redis;
		this.invalidation = invalidation;
		this.properties = properties;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Starts following under the given instance name; does nothing when already
	 * following.
	 */
	synchronized void start(String instance) {
		if (running != null) {
			return;
		}
		this.instanceId = instance;
		this.consumed = Counter.builder("cachegate.events.consumed")
			.description("Change events applied by this instance")
			.tag("instance", instance)
			.register(meters);
		this.dropped = Counter.builder("cachegate.events.dropped")
			.description("Times this instance fell behind the trimmed stream and dropped the route's cache")
			.tag("instance", instance)
			.register(meters);
		this.lag = Timer.builder("cachegate.events.consumer.lag")
			.description("From an event's publication on the stream to its invalidation by this instance")
			.tag("instance", instance)
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		this.scheduler = Schedulers.newSingle("cachegate-events");
		// A broken connection fails the loop, which reconnects from the saved
		// position; the connector does not reconnect by itself. The command
		// timeout must outlast a blocking read.
		this.running = Mono
			.usingWhen(redis.connect(properties.block().plusSeconds(5)),
					connection -> follow(connection.commands()).then(), connection -> connection.close())
			.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, properties.retryDelay())
				.doBeforeRetry(signal -> logger.warn("Change stream {} not followed, retrying in {}: {}",
						properties.stream(), properties.retryDelay(), signal.failure().toString())))
			.subscribe();
		logger.info("Following change stream {} as instance {}", properties.stream(), instance);
	}

	synchronized void stop() {
		Disposable current = running;
		running = null;
		if (current != null) {
			current.dispose();
		}
		if (scheduler != null) {
			scheduler.dispose();
		}
	}

	boolean isRunning() {
		return running != null;
	}

	/**
	 * The last position this instance saved (null before the first), for tests and
	 * diagnostics.
	 */
	String position() {
		return position.get();
	}

	private Mono<Void> follow(RedisClusterReactiveCommands<String, String> redis) {
		return startPosition(redis).publishOn(scheduler)
			.flatMap(start -> dropIfTrimmed(redis, start).thenReturn(start))
			.flatMap(start -> {
				position.set(start);
				// Deferred: each round reads from the position the previous one saved.
				return Mono.defer(() -> readAndApply(redis)).repeat().then();
			});
	}

	/**
	 * This instance's saved position, else the last one any instance applied, else the
	 * stream's end.
	 */
	private Mono<String> startPosition(RedisClusterReactiveCommands<String, String> redis) {
		return redis.mget(POSITION_PREFIX + instanceId, APPLIED)
			.filter(value -> value.hasValue())
			.map(value -> value.getValue())
			.next()
			.switchIfEmpty(Mono.defer(() -> redis.xrevrange(properties.stream(), Range.create("-", "+"), Limit.from(1))
				.map(StreamMessage::getId)
				.next()
				.defaultIfEmpty(StreamIds.START)));
	}

	/** One blocking read, then the events in order, then the saved position. */
	private Mono<Void> readAndApply(RedisClusterReactiveCommands<String, String> redis) {
		String from = position.get();
		XReadArgs args = XReadArgs.Builder.block(properties.block()).count(properties.batchSize());
		return redis.xread(args, XReadArgs.StreamOffset.from(properties.stream(), from))
			.collectList()
			.publishOn(scheduler)
			.flatMap(batch -> {
				if (batch.isEmpty()) {
					return Mono.empty();
				}
				String last = batch.get(batch.size() - 1).getId();
				Mono<Void> applied = Flux.fromIterable(batch)
					.concatMap(message -> apply(ChangeEvent.of(message.getId(), message.getBody())))
					.then(redis.mset(Map.of(POSITION_PREFIX + instanceId, last, APPLIED, last)).then())
					.doOnSuccess(ignored -> position.set(last));
				boolean full = batch.size() >= properties.batchSize();
				return full ? applied.then(Mono.defer(() -> dropIfTrimmed(redis, last))) : applied;
			});
	}

	private Mono<Void> apply(ChangeEvent event) {
		String route = properties.route();
		Mono<Void> invalidated = event.dropsEverything() ? invalidation.invalidateAll(route)
				: invalidation.invalidate(route, event.invalidation());
		return invalidated.doOnSuccess(ignored -> {
			consumed.increment();
			long millis = clock.millis() - event.publishedAtMillis();
			lag.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
		});
	}

	/**
	 * Drops the route's cache when entries after {@code from} may have been trimmed away:
	 * what they changed is unknown. {@code XINFO STREAM} tells: {@code from} is older
	 * than the first entry left (trimming; Redis 7.0 does not move
	 * {@code max-deleted-entry-id} on trims), or older than {@code max-deleted-entry-id}
	 * (deletions). Conservative by one entry: if exactly the entry at {@code from} was
	 * trimmed and nothing after it, the drop was not needed.
	 */
	private Mono<Void> dropIfTrimmed(RedisClusterReactiveCommands<String, String> redis, String from) {
		if (StreamIds.START.equals(from)) {
			return Mono.empty();
		}
		return redis.xinfoStream(properties.stream())
			.collectList()
			.filter(info -> trimmedAfter(info, from))
			.onErrorResume(ex -> Mono.empty())
			.flatMap(info -> {
				logger.warn(
						"Instance {} fell behind the change stream {} (entries after its position {} were trimmed): "
								+ "dropping the cache of route {}",
						instanceId, properties.stream(), from, properties.route());
				dropped.increment();
				return invalidation.invalidateAll(properties.route());
			});
	}

	/** Whether a flat XINFO STREAM reply shows entries after {@code from} deleted. */
	static boolean trimmedAfter(List<Object> info, String from) {
		for (int i = 0; i + 1 < info.size(); i += 2) {
			String field = String.valueOf(info.get(i));
			Object value = info.get(i + 1);
			if ("first-entry".equals(field) && value instanceof List<?> entry && !entry.isEmpty()
					&& StreamIds.compare(from, String.valueOf(entry.get(0))) < 0) {
				return true;
			}
			if ("max-deleted-entry-id".equals(field) && StreamIds.compare(from, String.valueOf(value)) < 0) {
				return true;
			}
		}
		return false;
	}

}
