package io.cachegate.support.redis;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import reactor.core.publisher.Mono;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.ssl.SslBundle;

/**
 * Opens Lettuce connections of a component's own (blocking stream reads, which must not
 * hold up the shared connection) to the Redis that Spring Boot is configured for: a
 * single server ({@code spring.data.redis.url}, i.e. {@code REDIS_URL}) or, when
 * {@code spring.data.redis.cluster.nodes} ({@code SPRING_DATA_REDIS_CLUSTER_NODES}) is
 * set, a Redis Cluster, with the same credentials, TLS, connect timeout and (on a
 * cluster) topology refresh ({@link ClusterTopologyRefresh}) as Spring Data's own client.
 *
 * <p>
 * On a cluster, each {@link #connect} first refreshes the client's view of the cluster,
 * so a connection made again after a failover goes to the new master at once.
 */
public final class RedisConnector implements AutoCloseable {

	private final AbstractRedisClient client;

	private final RedisURI standalone;

	private RedisConnector(AbstractRedisClient client, RedisURI standalone) {
		this.client = client;
		this.standalone = standalone;
	}

	/**
	 * A connector for Spring Boot's Redis settings.
	 * @param details where Redis is (Spring Boot's reading of
	 * {@code spring.data.redis.*})
	 * @param properties the connect timeout and the cluster's topology refresh
	 * @param resources Lettuce's threads and reconnect delays, shared with Spring Data's
	 * client
	 * @param autoReconnect whether Lettuce reconnects a broken connection by itself;
	 * {@code false} for a caller that reconnects on its own terms
	 */
	public static RedisConnector create(DataRedisConnectionDetails details, DataRedisProperties properties,
			ClientResources resources, boolean autoReconnect) {
		SslBundle bundle = details.getSslBundle();
		boolean ssl = bundle != null || (properties.getUrl() != null && properties.getUrl().startsWith("rediss:"));
		DataRedisConnectionDetails.Cluster cluster = details.getCluster();
		if (cluster != null && !cluster.getNodes().isEmpty()) {
			List<RedisURI> nodes = cluster.getNodes()
				.stream()
				.map(node -> uri(details, node.host(), node.port(), 0, ssl))
				.toList();
			RedisClusterClient client = RedisClusterClient.create(resources, nodes);
			ClusterClientOptions.Builder options = ClusterClientOptions.builder()
				.topologyRefreshOptions(ClusterTopologyRefresh.options(properties));
			if (properties.getCluster() != null && properties.getCluster().getMaxRedirects() != null) {
				options.maxRedirects(properties.getCluster().getMaxRedirects());
			}
			client.setOptions(common(options, properties, bundle, autoReconnect).build());
			return new RedisConnector(client, null);
		}
		DataRedisConnectionDetails.Standalone server = details.getStandalone();
		RedisURI uri = uri(details, server.getHost(), server.getPort(), server.getDatabase(), ssl);
		RedisClient client = RedisClient.create(resources);
		client.setOptions(common(ClientOptions.builder(), properties, bundle, autoReconnect).build());
		return new RedisConnector(client, uri);
	}

	/** Whether this connector talks to a Redis Cluster. */
	public boolean isCluster() {
		return standalone == null;
	}

	/**
	 * A new connection with string keys and values.
	 * @param commandTimeout how long Lettuce waits for any reply on it (a blocking read's
	 * block time must fit within it)
	 */
	public Mono<DedicatedConnection> connect(Duration commandTimeout) {
		if (client instanceof RedisClusterClient cluster) {
			return Mono.fromCompletionStage(() -> cluster.refreshPartitionsAsync()
				.thenCompose(ignored -> cluster.connectAsync(StringCodec.UTF8))
				.thenApply(connection -> {
					connection.setTimeout(commandTimeout);
					return new DedicatedConnection(connection, connection.reactive());
				}));
		}
		RedisClient redis = (RedisClient) client;
		return Mono.fromCompletionStage(() -> redis.connectAsync(StringCodec.UTF8, standalone).thenApply(connection -> {
			connection.setTimeout(commandTimeout);
			return new DedicatedConnection(connection, connection.reactive());
		}));
	}

	/** Closes every connection this connector made and releases the client. */
	@Override
	public void close() {
		client.shutdown();
	}

	private static <B extends ClientOptions.Builder> B common(B builder, DataRedisProperties properties,
			SslBundle bundle, boolean autoReconnect) {
		builder.autoReconnect(autoReconnect);
		if (properties.getConnectTimeout() != null) {
			builder.socketOptions(SocketOptions.builder().connectTimeout(properties.getConnectTimeout()).build());
		}
		if (bundle != null) {
			builder.sslOptions(SslOptions.builder()
				.keyManager(bundle.getManagers().getKeyManagerFactory())
				.trustManager(bundle.getManagers().getTrustManagerFactory())
				.build());
		}
		return builder;
	}

	private static RedisURI uri(DataRedisConnectionDetails details, String host, int port, int database, boolean ssl) {
		RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(port).withDatabase(database).withSsl(ssl);
		if (details.getPassword() != null) {
			if (details.getUsername() != null) {
				uri.withAuthentication(details.getUsername(), details.getPassword());
			}
			else {
				uri.withPassword(details.getPassword().toCharArray());
			}
		}
		return uri.build();
	}

}
