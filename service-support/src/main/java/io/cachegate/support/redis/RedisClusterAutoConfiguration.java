package io.cachegate.support.redis;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Gives Spring Data's own Lettuce client, when it talks to a cluster
 * ({@code spring.data.redis.cluster.nodes}), the same topology refresh as the clients
 * made with {@link RedisConnector}: {@link ClusterTopologyRefresh}. Nothing changes for a
 * single server.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnClass({ RedisClusterClient.class, DataRedisProperties.class })
@ConditionalOnBean(DataRedisProperties.class)
public class RedisClusterAutoConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer clusterTopologyRefresh(DataRedisProperties properties) {
		return builder -> {
			if (builder instanceof ClusterClientOptions.Builder cluster) {
				cluster.topologyRefreshOptions(ClusterTopologyRefresh.options(properties));
			}
		};
	}

}
