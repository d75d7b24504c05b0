package io.cachegate.users.importing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;

import reactor.core.publisher.Mono;

import io.cachegate.support.redis.DedicatedConnection;
import io.cachegate.support.redis.RedisConnector;

/**
 * The Redis Streams side of imports, on the Redis Spring Boot is configured for
 * ({@link RedisConnector}: a single server or a cluster). Keys (no hash tags: each stream
 * is one key, so on a cluster each lives on the master of its slot; no command touches
 * both):
 * <ul>
 * <li>{@code cachegate:imports} ({@code CACHEGATE_IMPORT_STREAM}): one entry per part,
 * fields {@code importId}, {@code part}; consumer group {@code importers}. Entries are
 * acknowledged and deleted when their part is finished, so the stream holds only work
 * still to do. No TTL.</li>
 * <li>{@code cachegate:imports:dead}: parts that failed too often, with {@code reason};
 * kept for operators.</li>
 * </ul>
 * Failure policy: the part data and the ledger live in PostgreSQL, so Redis only says
 * what is left to do. Redis down during an upload fails the upload (503-like, nothing
 * kept); down while working, workers retry with a pause, and entries stay pending until a
 * worker finishes them. Every call has a timeout; a blocking read gets its block time on
 * top.
 */
final class ImportQueue implements AutoCloseable {

	private final RedisConnector redis;

	private final ImportProperties properties;

	private final Mono<RedisClusterReactiveCommands<String, String>> shared;

	/** The shared connection once made, so that closing never connects just to close. */
	private final AtomicReference<DedicatedConnection> sharedConnection = new AtomicReference<>();

	/**
	 * Whether the consumer group is known to exist; cleared when Redis says NOGROUP (e.g.
	 * the stream was deleted).
	 */
	private volatile boolean groupReady;

	ImportQueue(RedisConnector redis, ImportProperties properties) {
		this.redis = redis;
		this.properties = properties;
		// One multiplexed connection for every non-blocking command; connected lazily and
		// again after a failure.
		this.shared = connect().doOnNext(this.sharedConnection::set)
			.map(DedicatedConnection::commands)
			.cache((connection) -> Duration.ofDays(365), (ex) -> Duration.ZERO, () -> Duration.ZERO);
	}

	/**
	 * A new connection of its own, for a worker's blocking reads (a blocked connection
	 * serves nobody else).
	 */
	Mono<DedicatedConnection> connect() {
		// Lettuce's own timeout backs up the calls' timeouts, a blocking read included.
		Duration longest = this.properties.readBlock().plus(this.properties.redisTimeout()).plusSeconds(5);
		return this.redis.connect(longest).timeout(this.properties.redisTimeout());
	}

	Mono<Void> ensureGroup() {
		if (this.groupReady) {
			return Mono.empty();
		}
		return this.shared
			.flatMap((redis) -> redis.xgroupCreate(XReadArgs.StreamOffset.from(this.properties.stream(), "0-0"),
					this.properties.group(), XGroupCreateArgs.Builder.mkstream()))
			.timeout(this.properties.redisTimeout())
			.onErrorResume(RedisBusyException.class, (ex) -> Mono.empty())
			.then()
			.doOnSuccess((ignored) -> this.groupReady = true);
	}

	/**
	 * After an error from a group command: if the group is gone, create it again before
	 * the next read.
	 */
	void checkGroup(Throwable ex) {
		if (String.valueOf(ex.getMessage()).contains("NOGROUP")) {
			this.groupReady = false;
		}
	}

	Mono<Void> enqueue(UUID importId, int part) {
		return this.shared
			.flatMap((redis) -> redis.xadd(this.properties.stream(),
					Map.of("importId", importId.toString(), "part", Integer.toString(part))))
			.timeout(this.properties.redisTimeout())
			.then();
	}

	/**
	 * Takes over one entry that another consumer (or this one) left pending longer than
	 * the claim timeout.
	 */
	Mono<Delivery> claim(String consumer) {
		return this.shared.flatMap(
				(redis) -> redis
					.xautoclaim(this.properties.stream(),
							XAutoClaimArgs.Builder
								.xautoclaim(Consumer.from(this.properties.group(), consumer),
										this.properties.claimTimeout(), "0-0")
								.count(1))
					.timeout(this.properties.redisTimeout())
					.flatMap((claimed) -> {
						List<StreamMessage<String, String>> messages = claimed.getMessages();
						if (messages.isEmpty() || messages.get(0).getBody() == null
								|| messages.get(0).getBody().isEmpty()) {
							return Mono.empty();
						}
						StreamMessage<String, String> message = messages.get(0);
						return redis
							.xpending(this.properties.stream(), this.properties.group(),
									Range.create(message.getId(), message.getId()), Limit.from(1))
							.next()
							.timeout(this.properties.redisTimeout())
							.map((pending) -> Delivery.of(message, pending.getRedeliveryCount(), true))
							.defaultIfEmpty(Delivery.of(message, this.properties.maxDeliveries() + 1L, true));
					}));
	}

	/**
	 * Waits (up to the read block time) for one new entry, on the caller's own
	 * connection.
	 */
	Mono<Delivery> read(RedisClusterReactiveCommands<String, String> own, String consumer) {
		Duration block = this.properties.readBlock();
		return own
			.xreadgroup(Consumer.from(this.properties.group(), consumer), XReadArgs.Builder.count(1).block(block),
					XReadArgs.StreamOffset.lastConsumed(this.properties.stream()))
			.next()
			.timeout(block.plus(this.properties.redisTimeout()))
			.map((message) -> Delivery.of(message, 1, false));
	}

	/** The part is finished: forget the entry. */
	Mono<Void> acknowledge(Delivery delivery) {
		return this.shared
			.flatMap((redis) -> redis.xack(this.properties.stream(), this.properties.group(), delivery.id())
				.then(redis.xdel(this.properties.stream(), delivery.id())))
			.timeout(this.properties.redisTimeout())
			.then();
	}

	/**
	 * The part failed too often: copy it to the dead-letter stream with the reason, then
	 * forget it here.
	 */
	Mono<Void> deadLetter(Delivery delivery, String reason, String consumer) {
		return this.shared
			.flatMap((redis) -> redis.xadd(this.properties.deadLetterStream(),
					Map.of("importId", delivery.importId().toString(), "part", Integer.toString(delivery.part()),
							"reason", reason, "deliveries", Long.toString(delivery.deliveries()), "consumer", consumer,
							"entry", delivery.id())))
			.timeout(this.properties.redisTimeout())
			.then(acknowledge(delivery));
	}

	@Override
	public void close() {
		DedicatedConnection connection = this.sharedConnection.getAndSet(null);
		if (connection != null) {
			connection.connection().closeAsync();
		}
	}

	/**
	 * One entry handed to a worker.
	 *
	 * @param id the stream entry id
	 * @param importId the import
	 * @param part the part number
	 * @param deliveries how many times it has been delivered, this time included
	 * @param claimed whether it was taken over from a pending entry
	 */
	record Delivery(String id, UUID importId, int part, long deliveries, boolean claimed) {

		/**
		 * An entry whose fields cannot be read has no import ({@code null}): the worker
		 * drops it.
		 */
		static Delivery of(StreamMessage<String, String> message, long deliveries, boolean claimed) {
			Map<String, String> body = message.getBody();
			try {
				return new Delivery(message.getId(), UUID.fromString(body.get("importId")),
						Integer.parseInt(body.get("part")), deliveries, claimed);
			}
			catch (RuntimeException ex) {
				return new Delivery(message.getId(), null, -1, deliveries, claimed);
			}
		}

	}

}
