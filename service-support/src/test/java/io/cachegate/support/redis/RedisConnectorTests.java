package io.cachegate.support.redis;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class RedisConnectorTests {

	private static final ClientResources RESOURCES = DefaultClientResources.create();

	@AfterAll
	static void release() {
		RESOURCES.shutdown();
	}

	@Test
	void makesAClusterClientWhenClusterNodesAreConfiguredElseAStandaloneOne() {
		DataRedisConnectionDetails cluster = new DataRedisConnectionDetails() {
			@Override
			public Cluster getCluster() {
				return () -> List.of(new Node("127.0.0.1", 7100), new Node("127.0.0.1", 7101));
			}
		};
		DataRedisConnectionDetails single = new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of("127.0.0.1", 6379, 2);
			}
		};
		try (RedisConnector onCluster = RedisConnector.create(cluster, new DataRedisProperties(), RESOURCES, false);
				RedisConnector onOne = RedisConnector.create(single, new DataRedisProperties(), RESOURCES, true)) {
			assertThat(onCluster.isCluster()).isTrue();
			assertThat(onOne.isCluster()).isFalse();
		}
	}

	@Test
	void refreshesAdaptivelyAtMostOnceASecondAndPeriodicallyAsConfigured() {
		DataRedisProperties properties = new DataRedisProperties();
		properties.getLettuce().getCluster().getRefresh().setAdaptive(true);
		properties.getLettuce().getCluster().getRefresh().setPeriod(Duration.ofSeconds(7));
		ClusterTopologyRefreshOptions options = ClusterTopologyRefresh.options(properties);
		assertThat(options.getAdaptiveRefreshTriggers()).contains(RefreshTrigger.PERSISTENT_RECONNECTS,
				RefreshTrigger.MOVED_REDIRECT);
		assertThat(options.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(options.isPeriodicRefreshEnabled()).isTrue();
		assertThat(options.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(7));

		ClusterTopologyRefreshOptions off = ClusterTopologyRefresh.options(new DataRedisProperties());
		assertThat(off.getAdaptiveRefreshTriggers()).isEmpty();
		assertThat(off.isPeriodicRefreshEnabled()).isFalse();
	}

	@Test
	void givesSpringDatasClusterClientTheSameRefresh() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisClusterAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.lettuce.cluster.refresh.adaptive=true")
			.run(context -> {
				LettuceClientOptionsBuilderCustomizer customizer = context
					.getBean(LettuceClientOptionsBuilderCustomizer.class);
				ClusterClientOptions.Builder cluster = ClusterClientOptions.builder();
				customizer.customize(cluster);
				assertThat(cluster.build().getTopologyRefreshOptions().getAdaptiveRefreshTimeout())
					.isEqualTo(ClusterTopologyRefresh.ADAPTIVE_MIN_INTERVAL);
			});
	}

}
