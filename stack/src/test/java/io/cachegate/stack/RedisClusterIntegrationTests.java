package io.cachegate.stack;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisClusterIntegrationTests {

	@Test
	void startsThreeMastersWithAReplicaEachAndFailsOverWhenAMasterDies() {
		try (RedisCluster cluster = RedisCluster.start(Duration.ofSeconds(1))) {
			RedisClusterEndpoint endpoint = cluster.endpoint();
			assertThat(endpoint.nodes()).hasSize(6)
				.allSatisfy(node -> assertThat(Infrastructure.answersPing(node)).isTrue());
			assertThat(endpoint.nodesProperty()).matches("127\\.0\\.0\\.1:\\d+(,127\\.0\\.0\\.1:\\d+){5}");
			RedisEndpoint master = cluster.masterOf("{users}").orElseThrow();
			assertThat(cluster.masterOf("{users}:other")).hasValue(master);

			RedisEndpoint killed = cluster.killMasterOf("{users}");
			assertThat(killed).isEqualTo(master);
			assertThat(Infrastructure.answersPing(killed)).isFalse();
			assertThat(cluster.masterOf("{users}")).isEmpty();
			cluster.awaitHealthy();

			RedisEndpoint promoted = cluster.masterOf("{users}").orElseThrow();
			assertThat(promoted.port()).isNotEqualTo(killed.port());
			assertThat(cluster.liveNodes()).hasSize(5).contains(promoted);
		}
	}

	@Test
	void aConfiguredClusterIsReadFromSpringBootsVariable() {
		InfrastructureSettings settings = InfrastructureSettings
			.from(Map.of("SPRING_DATA_REDIS_CLUSTER_NODES", "10.0.0.1:7000, redis-2:7001,"));
		assertThat(settings.configuredRedisCluster()).hasValueSatisfying(cluster -> {
			assertThat(cluster.nodesProperty()).isEqualTo("10.0.0.1:7000,redis-2:7001");
			assertThat(cluster.origin()).isEqualTo("configured");
		});
		assertThat(InfrastructureSettings.from(Map.of()).configuredRedisCluster()).isEmpty();
	}

	@Test
	void readsTheSlotsAndRolesOfClusterNodes() {
		String reply = """
				07c3 127.0.0.1:7100@17100 myself,master - 0 0 1 connected 0-5460
				67ed 127.0.0.1:7101@17101 master,fail - 0 0 2 connected 5461-10922 [10923->-abc]
				292f 127.0.0.1:7104@17104 slave 07c3 0 0 1 connected
				""";
		var nodes = ClusterNodes.parse(reply);
		assertThat(nodes).hasSize(3);
		assertThat(nodes.get(0).isLiveMaster()).isTrue();
		assertThat(nodes.get(0).serves(5460)).isTrue();
		assertThat(nodes.get(0).serves(5461)).isFalse();
		assertThat(nodes.get(1).isLiveMaster()).isFalse();
		assertThat(nodes.get(1).serves(10922)).isTrue();
		assertThat(nodes.get(2).isReplica()).isTrue();
		assertThat(nodes.get(2).port()).isEqualTo(7104);
	}

}
