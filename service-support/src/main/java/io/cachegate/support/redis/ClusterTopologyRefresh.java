package io.cachegate.support.redis;

import java.time.Duration;

import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;

/**
 * How a Lettuce cluster client keeps its view of the cluster current, from Spring Boot's
 * {@code spring.data.redis.lettuce.cluster.refresh.*}: {@code adaptive} (refresh on a
 * MOVED or ASK redirect, on persistent reconnects to a node, on an unknown node or an
 * uncovered slot), {@code period} (refresh every period) and
 * {@code dynamic-refresh-sources} (ask every node found, not only the configured ones).
 *
 * <p>
 * One thing Spring Boot does not set: adaptive refreshes are allowed once per second
 * ({@link #ADAPTIVE_MIN_INTERVAL}) instead of Lettuce's once per 30 s. When a master
 * dies, its clients' reconnects trigger a refresh at once, before its replica has taken
 * over; with Lettuce's default the next refresh could only come 30 s later, and the
 * master's slots would stay unused that long after the failover. A refresh asks each node
 * for {@code CLUSTER NODES}: cheap at this rate.
 */
public final class ClusterTopologyRefresh {

	/** The shortest interval between two adaptive refreshes of one client. */
	public static final Duration ADAPTIVE_MIN_INTERVAL = Duration.ofSeconds(1);

	private ClusterTopologyRefresh() {
	}

	public static ClusterTopologyRefreshOptions options(DataRedisProperties properties) {
		DataRedisProperties.Lettuce.Cluster.Refresh refresh = properties.getLettuce().getCluster().getRefresh();
		ClusterTopologyRefreshOptions.Builder builder = ClusterTopologyRefreshOptions.builder()
			.dynamicRefreshSources(refresh.isDynamicRefreshSources());
		if (refresh.getPeriod() != null) {
			builder.enablePeriodicRefresh(refresh.getPeriod());
		}
		if (refresh.isAdaptive()) {
			builder.enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(ADAPTIVE_MIN_INTERVAL);
		}
		return builder.build();
	}

}
