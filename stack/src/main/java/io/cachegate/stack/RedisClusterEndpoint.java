package io.cachegate.stack;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Where the nodes of a Redis Cluster listen (any of them is enough to find the others).
 *
 * @param nodes the nodes, masters and replicas
 * @param origin how the cluster was obtained (configured, local cluster)
 */
public record RedisClusterEndpoint(List<RedisEndpoint> nodes, String origin) {

	public RedisClusterEndpoint {
		nodes = List.copyOf(nodes);
		if (nodes.isEmpty()) {
			throw new IllegalArgumentException("A cluster needs at least one node");
		}
	}

	/**
	 * The nodes as Spring Boot reads them: {@code host:port,host:port,...}, the value of
	 * {@code spring.data.redis.cluster.nodes} ({@code SPRING_DATA_REDIS_CLUSTER_NODES}).
	 */
	public String nodesProperty() {
		return nodes.stream().map(node -> node.host() + ":" + node.port()).collect(Collectors.joining(","));
	}

	/**
	 * The nodes as one {@code redis://host:port,host:port,...} URI, the form Lettuce's
	 * {@code RedisClusterClient.create(String)} takes.
	 */
	public String url() {
		return "redis://" + nodesProperty();
	}

}
