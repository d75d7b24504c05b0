package io.cachegate.users.importing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.RedisClusterEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service on a Redis Cluster (the configured one, else a local one of three
 * masters and three replicas), chosen by {@code spring.data.redis.cluster.nodes}: the
 * outbox relay publishes change events to the stream on the cluster, and an import goes
 * through its stream and consumer group there, part by part. The test reads the streams
 * with a cluster client of its own, so what it sees is on the cluster.
 */
class RedisClusterIntegrationTests extends ImportTestSupport {

	private static final RedisClusterEndpoint CLUSTER = Infrastructure.redisCluster();

	private static final RedisClusterClient CLIENT = RedisClusterClient.create(CLUSTER.url());

	private static final RedisAdvancedClusterCommands<String, String> REDIS = CLIENT.connect().sync();

	@Autowired
	private LettuceConnectionFactory connectionFactory;

	@Value("${cachegate.events.stream}")
	private String events;

	@Value("${cachegate.import.stream}")
	private String imports;

	@DynamicPropertySource
	static void cluster(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.cluster.nodes", CLUSTER::nodesProperty);
		// Several parts, so that several stream entries are taken and acknowledged.
		registry.add("CACHEGATE_IMPORT_PART_SIZE", () -> "300");
	}

	@AfterAll
	static void close() {
		CLIENT.shutdown();
	}

	@Test
	void publishesChangeEventsToTheStreamOnTheCluster() {
		assertThat(this.connectionFactory.isClusterAware()).isTrue();
		long id = idOf(createUser(validUser(unique())));
		List<StreamMessage<String, String>> published = await().atMost(Duration.ofSeconds(10))
			.until(() -> REDIS.xrange(this.events, Range.create("-", "+"))
				.stream()
				.filter((event) -> ("user:" + id + ",users").equals(event.getBody().get("tags")))
				.toList(), (found) -> !found.isEmpty());
		assertThat(published.get(0).getBody()).containsEntry("kind", "insert")
			.containsEntry("tagVersions", "user:" + id + "=0");
	}

	@Test
	void importsThroughTheStreamAndItsConsumerGroupOnTheCluster() {
		Map<String, Object> status = awaitFinished(acceptedId(upload(CSV, ImportFiles.csv(unique(), 1000), null)));
		assertThat(status.get("status")).isEqualTo("completed");
		assertThat(status.get("parts")).isEqualTo(Map.of("total", 4, "done", 4, "failed", 0));
		assertThat(rows(status)).containsEntry("inserted", 920).containsEntry("invalid", 80);
		// The group lives on the cluster, and every entry was acknowledged and deleted.
		assertThat(REDIS.xinfoGroups(this.imports)).hasSize(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> REDIS.xlen(this.imports) == 0);
	}

}
