package io.cachegate.support.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * A connection made by {@link RedisConnector}, to a single server or to a cluster, and
 * its reactive commands: those both kinds share (keys, strings, streams, scripts). On a
 * cluster each command goes to the master of its key's slot; {@code MGET} and
 * {@code MSET} over keys of several slots are split by Lettuce.
 *
 * @param connection the connection (to close, or to set a timeout on)
 * @param commands its reactive commands
 */
public record DedicatedConnection(StatefulConnection<String, String> connection,
		RedisClusterReactiveCommands<String, String> commands) {

	/** Closes the connection without waiting on the caller's thread. */
	public Mono<Void> close() {
		return Mono.fromCompletionStage(connection::closeAsync);
	}

}
