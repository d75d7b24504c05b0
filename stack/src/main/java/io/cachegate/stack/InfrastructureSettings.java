package io.cachegate.stack;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where Redis and PostgreSQL are expected, read from environment variables (or system
 * properties of the same name, which win). The same names configure the services, so
 * tests, the launcher and the services agree.
 *
 * @param redisUrl {@code REDIS_URL}, default {@code redis://127.0.0.1:6379}
 * @param postgres {@code POSTGRES_HOST} (127.0.0.1), {@code POSTGRES_PORT} (5432),
 * {@code POSTGRES_DB} (postgres), {@code POSTGRES_USER} (postgres),
 * {@code POSTGRES_PASSWORD} (empty)
 * @param mode {@code CACHEGATE_INFRA}: {@code auto} (configured when reachable, else
 * Testcontainers where Docker runs, else embedded), or one of {@code configured},
 * {@code testcontainers}, {@code embedded}
 * @param redisClusterNodes {@code SPRING_DATA_REDIS_CLUSTER_NODES}: the nodes of a Redis
 * Cluster ({@code host:port,host:port,...}), empty when none is configured
 */
public record InfrastructureSettings(URI redisUrl, PostgresEndpoint postgres, Mode mode,
		List<RedisEndpoint> redisClusterNodes) {

	public InfrastructureSettings {
		redisClusterNodes = List.copyOf(redisClusterNodes);
	}

	/** How servers are obtained. */
	public enum Mode {

		AUTO, CONFIGURED, TESTCONTAINERS, EMBEDDED

	}

	public static InfrastructureSettings fromEnvironment() {
		return from(name -> {
			String property = System.getProperty(name);
			return (property != null) ? property : System.getenv(name);
		});
	}

	public static InfrastructureSettings from(Map<String, String> values) {
		return from(values::get);
	}

	static InfrastructureSettings from(Function<String, String> lookup) {
		Function<String, String> value = name -> {
			String found = lookup.apply(name);
			return (found == null || found.isBlank()) ? null : found.trim();
		};
		URI redis = URI.create(orDefault(value.apply("REDIS_URL"), "redis://127.0.0.1:6379"));
		PostgresEndpoint postgres = new PostgresEndpoint(orDefault(value.apply("POSTGRES_HOST"), "127.0.0.1"),
				Integer.parseInt(orDefault(value.apply("POSTGRES_PORT"), "5432")),
				orDefault(value.apply("POSTGRES_DB"), "postgres"), orDefault(value.apply("POSTGRES_USER"), "postgres"),
				orDefault(value.apply("POSTGRES_PASSWORD"), ""), "configured");
		String mode = orDefault(value.apply("CACHEGATE_INFRA"), "auto");
		try {
			return new InfrastructureSettings(redis, postgres, Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
					clusterNodes(value.apply("SPRING_DATA_REDIS_CLUSTER_NODES")));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"CACHEGATE_INFRA must be one of auto, configured, testcontainers, embedded; was '" + mode + "'",
					ex);
		}
	}

	public RedisEndpoint configuredRedis() {
		int port = (redisUrl.getPort() > 0) ? redisUrl.getPort() : 6379;
		return new RedisEndpoint(redisUrl.getHost(), port, "configured");
	}

	/** The configured Redis Cluster, if any. */
	public Optional<RedisClusterEndpoint> configuredRedisCluster() {
		return redisClusterNodes.isEmpty() ? Optional.empty()
				: Optional.of(new RedisClusterEndpoint(redisClusterNodes, "configured"));
	}

	private static List<RedisEndpoint> clusterNodes(String value) {
		if (value == null) {
			return List.of();
		}
		return Stream.of(value.split(",")).map(String::trim).filter(node -> !node.isEmpty()).map(node -> {
			int colon = node.lastIndexOf(':');
			if (colon < 0) {
				throw new IllegalArgumentException(
						"SPRING_DATA_REDIS_CLUSTER_NODES must list host:port pairs; was '" + value + "'");
			}
			return new RedisEndpoint(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)),
					"configured");
		}).toList();
	}

	private static String orDefault(String value, String fallback) {
		return (value != null) ? value : fallback;
	}

}
