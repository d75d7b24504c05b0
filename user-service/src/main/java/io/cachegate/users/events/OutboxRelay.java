package io.cachegate.users.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Publishes the outbox to the Redis Stream, in order, one relay at a time across all
 * instances.
 *
 * <h2>One relay at a time: a session advisory lock</h2> Every instance opens one
 * dedicated (unpooled) connection and asks {@code pg_try_advisory_lock}; the one that
 * gets it is the relay, the others ask again every {@code leaderRetry}. The lock belongs
 * to that connection's session, so it is released by PostgreSQL itself when the relay
 * stops or its connection dies, and another instance takes over: no lease to renew, no
 * clock to trust. {@code SELECT ... FOR UPDATE SKIP LOCKED} was rejected: it lets two
 * relays publish different rows at the same time, so the stream order would depend on
 * which XADD lands first.
 *
 * <h2>Order</h2> The relay reads unpublished rows by ascending id, publishes one, marks
 * it published, then the next; it stops at the first failure, so a later row never
 * overtakes an earlier one it has seen. Two changes to the same user are serialized by
 * the row lock, so the later one's outbox row gets the higher id and becomes visible only
 * after the earlier one committed: per user, the stream order is the commit order. Rows
 * of different users committed out of id order may be published in commit order instead;
 * nothing is skipped, because the relay selects by {@code published_at is null}, not by
 * "id after the last one".
 *
 * <h2>Redis down</h2> The publish fails within {@code publishTimeout}, the row stays
 * unpublished, the relay tries again at the next tick; rows wait in the outbox and leave
 * in order when Redis is back. Delivery is at least once: a publish whose acknowledgement
 * was lost, or a relay that lost its lock while publishing, may repeat an event, so
 * consumers must be idempotent (invalidating a tag twice is harmless).
 *
 * <h2>Wake-ups</h2> The trigger sends {@code NOTIFY cachegate_outbox} at commit; the
 * relay {@code LISTEN}s on its connection, so an event leaves within a round trip or two.
 * A poll every {@code pollInterval} is the safety net (and the retry period while Redis
 * is down). Wake-ups that arrive during a drain are folded into one more drain.
 */
final class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	/**
	 * The advisory lock key of the relay: "cgoutbox" in ASCII, unlikely to collide with
	 * another application's.
	 */
	static final long LOCK_KEY = 0x63676f7574626f78L;

	static final String CHANNEL = "cachegate_outbox";

	private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

	private static final String SELECT_UNPUBLISHED = "select id, occurred_at, kind, ids, versions, tags, collapsed, tag_versions "
			+ "from users.outbox where published_at is null order by id limit $1";

	private final ConnectionFactory connections;

	private final ReactiveStringRedisTemplate redis;

	private final EventsProperties properties;

	private final Clock clock;

	private final Counter published;

	private final Counter failures;

	private final Timer lag;

	private final AtomicBoolean leader = new AtomicBoolean();

	private final AtomicBoolean failing = new AtomicBoolean();

	private final AtomicReference<Instant> lastCleanup = new AtomicReference<>(Instant.EPOCH);

	private volatile Disposable running;

	/**
	 * @param connections an unpooled factory: the advisory lock and LISTEN belong to one
	 * session, which must never go back to a pool
	 */
	OutboxRelay(ConnectionFactory connections, ReactiveStringRedisTemplate redis, EventsProperties properties,
			MeterRegistry meters, Clock clock) {
		this.connections = connections;
		this.redis = redis;
		this.properties = properties;
		this.clock = clock;
		this.published = Counter.builder("cachegate.events.published")
			.description("Change events published to the Redis Stream")
			.register(meters);
		this.failures = Counter.builder("cachegate.events.publish.failures")
			.description("Publish attempts that failed (Redis down or slow); the events wait in the outbox")
			.register(meters);
		this.lag = Timer.builder("cachegate.events.relay.lag")
			.description("From the change's statement (just before its commit) to its publication on the stream")
			.publishPercentiles(0.5, 0.99)
			.register(meters);
		Gauge.builder("cachegate.events.relay.leader", this.leader, (flag) -> flag.get() ? 1 : 0)
			.description("1 while this instance is the relay (holds the advisory lock)")
			.register(meters);
	}

	@Override
	public synchronized void start() {
		if (this.running != null) {
			return;
		}
		this.running = Flux.usingWhen(Mono.from(this.connections.create()), this::relay, (connection) -> {
			this.leader.set(false);
			return Mono.from(connection.close()).onErrorResume((ex) -> Mono.empty());
		})
			.retryWhen(Retry.fixedDelay(Long.MAX_VALUE, this.properties.leaderRetry())
				.doBeforeRetry((signal) -> logger.warn("Outbox relay connection lost, reconnecting: {}",
						signal.failure().toString())))
			.subscribe();
	}

	@Override
	public synchronized void stop() {
		Disposable current = this.running;
		this.running = null;
		if (current != null) {
			current.dispose();
		}
		this.leader.set(false);
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	/** Whether this instance is the relay now. */
	boolean isLeader() {
		return this.leader.get();
	}

	private Flux<Integer> relay(Connection connection) {
		// The factory is unpooled (see the constructor), so this is the driver's own
		// connection.
		PostgresqlConnection postgres = (PostgresqlConnection) connection;
		Flux<Boolean> wakeUps = Flux.merge(postgres.getNotifications().map((notification) -> true),
				Flux.interval(Duration.ZERO, this.properties.pollInterval()).map((tick) -> true));
		return awaitLeadership(postgres).then(execute(postgres, "LISTEN " + CHANNEL))
			.doOnSuccess((ignored) -> logger.info("This instance is now the outbox relay"))
			.thenMany(wakeUps.onBackpressureDrop().concatMap((tick) -> drain(postgres), 1));
	}

	private Mono<Void> awaitLeadership(PostgresqlConnection connection) {
		return Flux.from(
				connection.createStatement("select pg_try_advisory_lock($1) as locked").bind("$1", LOCK_KEY).execute())
			.flatMap((result) -> result.map((row, meta) -> Boolean.TRUE.equals(row.get("locked", Boolean.class))))
			.next()
			.filter(Boolean::booleanValue)
			.repeatWhenEmpty((attempts) -> attempts.delayElements(this.properties.leaderRetry()))
			.doOnNext((locked) -> this.leader.set(true))
			.then();
	}

	/** Publishes every unpublished row, batch after batch; emits how many went out. */
	private Mono<Integer> drain(PostgresqlConnection connection) {
		// The whole batch is read before the first publish: one connection runs one
		// statement at a time, and the
		// update of a row must not wait behind a select that waits for the update.
		return unpublished(connection).collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap((row) -> publish(row).then(markPublished(connection, row)))
			.count()
			.map(Long::intValue)
			.flatMap((count) -> {
				if (this.failing.compareAndSet(true, false)) {
					logger.info("Change events flow to Redis again");
				}
				return (count == this.properties.batchSize()) ? drain(connection).map((more) -> count + more)
						: cleanUp(connection).thenReturn(count);
			})
			.onErrorResume(PublishFailedException.class, (ex) -> {
				this.failures.increment();
				if (this.failing.compareAndSet(false, true)) {
					logger.warn("Cannot publish change events, they wait in the outbox until Redis answers: {}",
							ex.getCause().toString());
				}
				return Mono.just(0);
			});
	}

	private Flux<OutboxRow> unpublished(PostgresqlConnection connection) {
		return Flux
			.from(connection.createStatement(SELECT_UNPUBLISHED).bind("$1", this.properties.batchSize()).execute())
			.concatMap((result) -> result.map((row, meta) -> OutboxRow.of(row.get("id", Long.class),
					row.get("occurred_at", OffsetDateTime.class).toInstant(), row.get("kind", String.class),
					row.get("ids", Long[].class), row.get("versions", Long[].class), row.get("tags", String[].class),
					Boolean.TRUE.equals(row.get("collapsed", Boolean.class)),
					row.get("tag_versions", String[].class))));
	}

	private Mono<Void> publish(OutboxRow row) {
		XAddOptions trimmed = XAddOptions.maxlen(this.properties.maxLength()).approximateTrimming(true);
		return this.redis.opsForStream()
			.add(StreamRecords.mapBacked(row.fields()).withStreamKey(this.properties.stream()), trimmed)
			.timeout(this.properties.publishTimeout())
			.onErrorMap(PublishFailedException::new)
			.doOnSuccess((id) -> {
				this.published.increment();
				long millis = Duration.between(row.occurredAt(), this.clock.instant()).toMillis();
				this.lag.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
			})
			.then();
	}

	private Mono<Void> markPublished(PostgresqlConnection connection, OutboxRow row) {
		return Flux
			.from(connection.createStatement("update users.outbox set published_at = now() where id = $1")
				.bind("$1", row.id())
				.execute())
			.concatMap((result) -> result.getRowsUpdated())
			.then();
	}

	/** Deletes published rows past their retention, at most once a minute. */
	private Mono<Void> cleanUp(PostgresqlConnection connection) {
		Instant now = this.clock.instant();
		Instant last = this.lastCleanup.get();
		if (Duration.between(last, now).compareTo(CLEANUP_INTERVAL) < 0 || !this.lastCleanup.compareAndSet(last, now)) {
			return Mono.empty();
		}
		return Flux
			.from(connection.createStatement("delete from users.outbox where published_at < $1")
				.bind("$1", OffsetDateTime.ofInstant(now.minus(this.properties.retention()), ZoneOffset.UTC))
				.execute())
			.concatMap((result) -> result.getRowsUpdated())
			.then();
	}

	private static Mono<Void> execute(PostgresqlConnection connection, String sql) {
		return Flux.from(connection.createStatement(sql).execute())
			.concatMap((result) -> result.getRowsUpdated())
			.then();
	}

	/**
	 * A publish to Redis failed: the relay stops this drain and retries later; the
	 * connection stays.
	 */
	static final class PublishFailedException extends RuntimeException {

		PublishFailedException(Throwable cause) {
			super("Publishing to Redis failed: " + cause, cause);
		}

	}

}
