package io.cachegate.users.importing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.r2dbc.spi.R2dbcException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import io.cachegate.support.redis.DedicatedConnection;
import io.cachegate.users.user.UserRules;

/**
 * The workers of this instance: {@code concurrency} loops, each taking one part at a time
 * from the consumer group, first any entry left pending too long by a consumer that died
 * or stalled ({@code XAUTOCLAIM}), else a new one ({@code XREADGROUP}, blocking on a
 * connection of its own). Validation runs on a scheduler of their own, never on an event
 * loop. A part is acknowledged only after its transaction committed, so a crash anywhere
 * before leaves it pending for another worker; the ledger makes the second attempt insert
 * nothing if the first one did commit.
 */
final class ImportWorkers implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ImportWorkers.class);

	/**
	 * Pause after an unexpected error (Redis or the database down), so a broken
	 * dependency is not hammered.
	 */
	private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

	/**
	 * Parts finished by this instance, by outcome: done, skipped (finished before),
	 * failed (dead-lettered).
	 */
	static final String PARTS = "cachegate.import.parts";

	/**
	 * Rows of the parts this instance finished, by outcome: inserted, duplicate, invalid.
	 */
	static final String ROWS = "cachegate.import.rows";

	/** From taking a part to its commit. */
	static final String PART_DURATION = "cachegate.import.part.duration";

	private static final String OUTCOME = "outcome";

	private final ImportQueue queue;

	private final ImportPartRepository repository;

	private final PartValidator validator;

	private final JsonMapper json;

	private final ImportProperties properties;

	private final Clock clock;

	private final String consumer;

	private final MeterRegistry metrics;

	private final List<Disposable> loops = new ArrayList<>();

	private final List<DedicatedConnection> connections = new ArrayList<>();

	private volatile boolean running;

	private Scheduler scheduler;

	ImportWorkers(ImportQueue queue, ImportPartRepository repository, UserRules rules, JsonMapper json,
			ImportProperties properties, Clock clock, String consumer, MeterRegistry metrics) {
		this.queue = queue;
		this.repository = repository;
		this.validator = new PartValidator(rules, properties.examplesPerPart());
		this.json = json;
		this.properties = properties;
		this.clock = clock;
		this.consumer = consumer;
		this.metrics = metrics;
	}

	String consumer() {
		return this.consumer;
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		this.scheduler = Schedulers.newParallel("import-worker", this.properties.concurrency(), true);
		for (int i = 0; i < this.properties.concurrency(); i++) {
			this.loops.add(loop());
		}
		logger.info("Import workers started: consumer " + this.consumer + ", " + this.properties.concurrency()
				+ " at once, stream " + this.properties.stream());
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.loops.forEach(Disposable::dispose);
		this.loops.clear();
		synchronized (this.connections) {
			this.connections.forEach((connection) -> connection.connection().closeAsync());
			this.connections.clear();
		}
		if (this.scheduler != null) {
			this.scheduler.dispose();
		}
	}

	@Override
	public boolean isAutoStartup() {
		return this.properties.workers();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private Disposable loop() {
		Mono<DedicatedConnection> own = this.queue.connect().doOnNext((connection) -> {
			synchronized (this.connections) {
				this.connections.add(connection);
			}
		}).cache((connection) -> Duration.ofDays(365), (ex) -> Duration.ZERO, () -> Duration.ZERO);
		Mono<Void> step = this.queue.ensureGroup()
			.then(this.queue.claim(this.consumer))
			.switchIfEmpty(Mono
				.defer(() -> own.flatMap((connection) -> this.queue.read(connection.commands(), this.consumer))))
			.flatMap(this::handle)
			.onErrorResume((ex) -> {
				this.queue.checkGroup(ex);
				if (this.running) {
					logger.warn("Import worker " + this.consumer + ": " + ex, ex);
				}
				return Mono.delay(ERROR_PAUSE).then();
			});
		return step.repeat(() -> this.running).subscribeOn(this.scheduler).subscribe();
	}

	/**
	 * Works on one delivered part; completes when it is acknowledged, dead-lettered or
	 * left pending.
	 */
	Mono<Void> handle(ImportQueue.Delivery delivery) {
		if (delivery.importId() == null) {
			logger.warn("Dropping stream entry " + delivery.id() + ": it names no import and part");
			return this.queue.acknowledge(delivery);
		}
		if (delivery.deliveries() > this.properties.maxDeliveries()) {
			return deadLetter(delivery, "delivered " + delivery.deliveries()
					+ " times without finishing (the workers holding it stopped or timed out)");
		}
		Instant started = this.clock.instant();
		return process(delivery, started).then(this.queue.acknowledge(delivery))
			.then(this.repository.completeIfDone(delivery.importId()))
			.onErrorResume((ex) -> {
				if (delivery.deliveries() >= this.properties.maxDeliveries()) {
					return deadLetter(delivery, describe(ex));
				}
				logger.warn("Import " + delivery.importId() + " part " + delivery.part() + " failed (delivery "
						+ delivery.deliveries() + " of " + this.properties.maxDeliveries()
						+ "); it stays pending and will be claimed again: " + ex);
				return Mono.empty();
			});
	}

	private Mono<Void> process(ImportQueue.Delivery delivery, Instant started) {
		return this.repository.loadPart(delivery.importId(), delivery.part())
			.switchIfEmpty(Mono.defer(() -> this.repository.isFinished(delivery.importId(), delivery.part())
				.flatMap((finished) -> finished ? Mono.empty()
						: Mono.error(new IllegalStateException("the part's rows are not in the database")))))
			.flatMap((part) -> this.repository.markRunning(delivery.importId())
				.thenReturn(part)
				.publishOn(this.scheduler)
				.map((stored) -> this.validator.validate(new RowReader(stored.format(), stored.columns(), this.json),
						stored.lines(), stored.records()))
				.flatMap(
						(validated) -> this.repository
							.commitPart(delivery.importId(), delivery.part(), validated, this.consumer, started)
							// Two parts with the same keys inserted at once can deadlock
							// on the unique indexes: the
							// database aborts one; running it again at once is the cure.
							.retryWhen(Retry.backoff(5, Duration.ofMillis(50)).filter(ImportWorkers::isDeadlock))
							.doOnNext((inserted) -> record(validated, inserted, started))
							.switchIfEmpty(Mono
								.fromRunnable(() -> this.metrics.counter(PARTS, OUTCOME, "skipped").increment()))))
			.then();
	}

	private void record(PartValidator.ValidatedPart part, int inserted, Instant started) {
		this.metrics.counter(PARTS, OUTCOME, "done").increment();
		this.metrics.counter(ROWS, OUTCOME, "inserted").increment(inserted);
		this.metrics.counter(ROWS, OUTCOME, "duplicate").increment(part.valid().size() - inserted);
		this.metrics.counter(ROWS, OUTCOME, "invalid").increment(part.invalid());
		this.metrics.timer(PART_DURATION).record(Duration.between(started, this.clock.instant()));
	}

	private Mono<Void> deadLetter(ImportQueue.Delivery delivery, String reason) {
		return this.repository.isFinished(delivery.importId(), delivery.part()).flatMap((finished) -> {
			if (finished) {
				// It did commit (the worker died between commit and acknowledge): nothing
				// failed.
				return this.queue.acknowledge(delivery);
			}
			logger.error("Import " + delivery.importId() + " part " + delivery.part()
					+ " goes to the dead-letter stream: " + reason);
			return this.repository.failPart(delivery.importId(), delivery.part(), reason, this.consumer)
				.doOnNext((failed) -> {
					if (failed) {
						this.metrics.counter(PARTS, OUTCOME, "failed").increment();
					}
				})
				.flatMap((failed) -> failed ? this.queue.deadLetter(delivery, reason, this.consumer)
						// A slow worker finished it after all while we waited: nothing
						// failed.
						: this.queue.acknowledge(delivery));
		}).then(this.repository.completeIfDone(delivery.importId()));
	}

	private static String describe(Throwable ex) {
		String message = Optional.ofNullable(ex.getMessage()).orElse("");
		String text = ex.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
		return (text.length() > 500) ? text.substring(0, 500) : text;
	}

	private static boolean isDeadlock(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof R2dbcException r2dbc) {
				String state = r2dbc.getSqlState();
				return "40P01".equals(state) || "40001".equals(state);
			}
		}
		return false;
	}

}
