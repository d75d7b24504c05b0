package io.cachegate.cache.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import io.cachegate.gateway.testsupport.FakeUsers;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.gateway.testsupport.TestOrigin;
import io.cachegate.gateway.testsupport.TestTokens;
import io.cachegate.stack.EmbeddedRedis;
import io.cachegate.stack.RedisCluster;

import static org.awaitility.Awaitility.await;

/**
 * What tests of several whole gateways share: an embedded Redis of their own (some tests
 * drop a route's cache) or a local Redis Cluster ({@link #onRedisCluster}), an auth
 * stand-in serving the JWKS of {@link #tokens}, a user-service stand-in ({@link #users}),
 * the gateways' settings, and change events written to a stream the way user-service's
 * relay writes them.
 */
final class GatewayCluster implements AutoCloseable {

	/** The buckets of the users route on a cluster: four on each of its three masters. */
	static final int CLUSTER_BUCKETS = 12;

	final TestTokens tokens;

	final TestOrigin auth = TestOrigin.start();

	final TestOrigin origin = TestOrigin.start();

	final FakeUsers users = new FakeUsers(origin);

	private final AutoCloseable redisServer;

	private final Map<String, String> redisSettings;

	private final AbstractRedisClient redisClient;

	/** The test's own connection to the same Redis (on a cluster, to every master). */
	final RedisClusterCommands<String, String> redis;

	GatewayCluster(String keyId) {
		this(keyId, EmbeddedRedis.startOnFreePort());
	}

	private GatewayCluster(String keyId, EmbeddedRedis server) {
		this(keyId, server, Map.of("REDIS_URL", server.endpoint().url()), RedisClient.create(server.endpoint().url()));
	}

	/**
	 * Gateways on a Redis Cluster (which this closes at the end), through Spring Boot's
	 * {@code spring.data.redis.cluster.nodes}, the users route split into
	 * {@link #CLUSTER_BUCKETS} buckets.
	 */
	static GatewayCluster onRedisCluster(String keyId, RedisCluster cluster) {
		String nodes = cluster.endpoint().nodesProperty();
		return new GatewayCluster(keyId, cluster, Map.of("spring.data.redis.cluster.nodes", nodes,
				"CACHEGATE_CACHE_ROUTES_USERS_BUCKETS", Integer.toString(CLUSTER_BUCKETS)),
				RedisClusterClient.create(cluster.endpoint().url()));
	}

	private GatewayCluster(String keyId, AutoCloseable redisServer, Map<String, String> redisSettings,
			AbstractRedisClient redisClient) {
		this.redisServer = redisServer;
		this.redisSettings = redisSettings;
		this.redisClient = redisClient;
		this.redis = (redisClient instanceof RedisClusterClient cluster) ? cluster.connect().sync()
				: ((RedisClient) redisClient).connect().sync();
		this.tokens = new TestTokens(keyId);
		auth.on("GET", "/auth/jwks",
				request -> Reply.of(200, tokens.jwks()).header("Content-Type", "application/json"));
	}

	String bearer(String role) {
		return "Bearer " + tokens.token(role);
	}

	/** A new user at the user-service stand-in, read by a caller of {@code role}. */
	ClusterUser user(String role, String name) {
		return ClusterUser.create(users, bearer(role), name);
	}

	/**
	 * A gateway's settings on this cluster's Redis and origins, near cache on, with
	 * {@code extra} on top.
	 */
	Map<String, String> settings(Map<String, String> extra) {
		Map<String, String> settings = new HashMap<>(Map.of("AUTH_SERVICE_URL", auth.url(), "AUTH_JWKS_URL",
				auth.url() + "/auth/jwks", "USER_SERVICE_URL", origin.url(), "CACHEGATE_CACHE_NEAR_ENABLED", "true"));
		settings.putAll(redisSettings);
		settings.putAll(extra);
		return settings;
	}

	/**
	 * Settings for a gateway that follows {@code stream} as {@code instance}, polling it
	 * briskly.
	 */
	Map<String, String> followerSettings(String stream, String instance) {
		return settings(Map.of("CACHEGATE_EVENTS_STREAM", stream, "CACHEGATE_INSTANCE_ID", instance,
				"CACHEGATE_EVENTS_BLOCK", "200ms", "CACHEGATE_EVENTS_RETRY_DELAY", "200ms"));
	}

	/** Writes an event the way user-service's relay does; returns its stream id. */
	String publish(String stream, String kind, String tags, String tagVersions) {
		Map<String, String> fields = new LinkedHashMap<>(Map.of("id", "1", "kind", kind, "ids", "1", "versions", "1",
				"tags", tags, "collapsed", "false", "time", Long.toString(System.currentTimeMillis())));
		fields.put("tagVersions", tagVersions);
		return redis.xadd(stream, fields);
	}

	/**
	 * The event user-service's relay publishes for an update of one user to
	 * {@code version}.
	 */
	String publishUpdate(String stream, long id, long version) {
		return publish(stream, "update", "user:" + id + "," + FakeUsers.listTag(), "user:" + id + "=" + version);
	}

	/**
	 * Reads until the gateway answers from its cache (the first read stores the entry).
	 */
	static void awaitHit(GatewayInstance gateway, String path, String token) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> gateway.get(path, token).header("X-Cache").orElse("").equals("HIT"));
	}

	/** Waits until the gateway applied {@code count} events in all. */
	static void awaitConsumed(GatewayInstance gateway, int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> consumed(gateway) >= count);
	}

	static double consumed(GatewayInstance gateway) {
		return counter(gateway, "cachegate.events.consumed");
	}

	static double counter(GatewayInstance gateway, String name) {
		Counter counter = gateway.bean(MeterRegistry.class).find(name).counter();
		return counter == null ? 0 : counter.count();
	}

	@Override
	public void close() {
		redisClient.shutdown();
		try {
			redisServer.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		origin.close();
		auth.close();
	}

}
