package io.cachegate.cache.events;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cachegate.gateway.testsupport.FakeUsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several whole gateways sharing one Redis ({@link GatewayCluster}): the near cache's
 * guarantee between instances, and the change-stream follower's restart and fallen-behind
 * behaviour, with events written to the stream by the test the way user-service's relay
 * writes them.
 */
class ChangeStreamIntegrationTests {

	private static final GatewayCluster CLUSTER = new GatewayCluster("events-key");

	private static final FakeUsers USERS = CLUSTER.users;

	private static final RedisClusterCommands<String, String> REDIS = CLUSTER.redis;

	@AfterAll
	static void close() {
		CLUSTER.close();
	}

	@Test
	void aWriteThroughOneInstanceIsNeverReadStaleThroughAnotherOnceAcknowledged() {
		// No change events here: the guarantee must come from the near cache's bound and
		// the write's wait alone.
		try (GatewayInstance writer = GatewayInstance.start(settings(Map.of("CACHEGATE_EVENTS_ENABLED", "false")));
				GatewayInstance reader = GatewayInstance.start(settings(Map.of("CACHEGATE_EVENTS_ENABLED", "false")))) {
			String token = CLUSTER.bearer("MANAGER");
			for (int i = 0; i < 20; i++) {
				long id = USERS.create("before-" + i);
				String path = "/users/" + id;
				awaitHit(reader, path, token);
				// Held in the reader's near cache now (read from Redis just before).
				assertThat(reader.get(path, token).header("X-Cache")).hasValue("HIT");
				GatewayInstance.Response written = writer.put(path, token, "{\"name\":\"after-" + i + "\"}");
				assertThat(written.status()).isEqualTo(200);
				assertThat(reader.get(path, token).body()).as("read through the other instance after the ack")
					.contains("after-" + i);
			}
			assertThat(l1Hits(reader)).as("the reader served from its near cache").isPositive();
		}
	}

	@Test
	void withoutTheWriteWaitAnotherInstanceCanServeTheOldRepresentationWithinTheBound() {
		// The control of the test above: the same sequence without commit-wait does read
		// stale data, so the test
		// above can fail, and the wait is what makes it pass.
		try (GatewayInstance writer = GatewayInstance
			.start(settings(Map.of("CACHEGATE_EVENTS_ENABLED", "false", "CACHEGATE_CACHE_NEAR_COMMIT_WAIT", "false")));
				GatewayInstance reader = GatewayInstance.start(settings(Map.of("CACHEGATE_EVENTS_ENABLED", "false")))) {
			String token = CLUSTER.bearer("MANAGER");
			int stale = 0;
			for (int i = 0; i < 20 && stale == 0; i++) {
				long id = USERS.create("before-" + i);
				String path = "/users/" + id;
				awaitHit(reader, path, token);
				reader.get(path, token);
				writer.put(path, token, "{\"name\":\"after-" + i + "\"}");
				if (reader.get(path, token).body().contains("before-" + i)) {
					stale++;
				}
			}
			assertThat(stale).isPositive();
		}
	}

	@Test
	void aRestartedInstanceResumesFromItsPositionWithoutMissingAnEvent() {
		String stream = "test:changes:" + UUID.randomUUID();
		Map<String, String> settings = followerSettings(stream, "restart-" + UUID.randomUUID());
		ClusterUser cached = CLUSTER.user("USER", "cached");
		String lastBefore;
		try (GatewayInstance first = GatewayInstance.start(settings)) {
			for (int i = 0; i < 3; i++) {
				publish(stream, "update", "user:" + (900_000 + i) + ",users");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(first) == 3);
			lastBefore = first.bean(ChangeStreamFollower.class).position();
			awaitHit(first, cached);
		}
		// Down: these five must all be applied after the restart, and the third kills the
		// cached entry.
		String lastWhileDown = null;
		for (int i = 0; i < 5; i++) {
			lastWhileDown = publish(stream, "update", (i == 2 ? cached.tag() : "user:" + (910_000 + i)) + ",users");
		}
		try (GatewayInstance second = GatewayInstance.start(settings)) {
			String expected = lastWhileDown;
			await().atMost(Duration.ofSeconds(10))
				.until(() -> expected.equals(second.bean(ChangeStreamFollower.class).position()));
			assertThat(consumed(second)).as("exactly the events published while it was down").isEqualTo(5);
			assertThat(lastBefore).isNotNull();
			assertThat(cached.read(second).header("X-Cache")).hasValue("MISS");
			assertThat(dropped(second)).isZero();
		}
	}

	@Test
	void anInstanceWhosePositionWasTrimmedAwayDropsTheRouteAndCountsIt() {
		String stream = "test:changes:" + UUID.randomUUID();
		Map<String, String> settings = followerSettings(stream, "trimmed-" + UUID.randomUUID());
		ClusterUser cached = CLUSTER.user("USER", "cached");
		try (GatewayInstance first = GatewayInstance.start(settings)) {
			publish(stream, "update", "user:920000,users");
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(first) == 1);
			awaitHit(first, cached);
		}
		for (int i = 0; i < 10; i++) {
			publish(stream, "update", "user:" + (930_000 + i) + ",users");
		}
		// Trimmed past the stopped instance's position: events it never saw are gone.
		// None named the cached user,
		// yet the instance cannot know that.
		REDIS.xtrim(stream, 2);
		try (GatewayInstance second = GatewayInstance.start(settings)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> dropped(second) == 1);
			assertThat(cached.read(second).header("X-Cache")).hasValue("MISS");
		}
	}

	@Test
	void aCollapsedUpdateDropsTheRouteWhileACollapsedInsertOnlyInvalidatesLists() {
		String stream = "test:changes:" + UUID.randomUUID();
		ClusterUser cached = CLUSTER.user("USER", "cached");
		try (GatewayInstance gateway = GatewayInstance
			.start(followerSettings(stream, "collapsed-" + UUID.randomUUID()))) {
			awaitHit(gateway, cached);
			publishCollapsed(stream, "insert");
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(gateway) == 1);
			assertThat(cached.read(gateway).header("X-Cache")).hasValue("HIT");
			publishCollapsed(stream, "update");
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(gateway) == 2);
			assertThat(cached.read(gateway).header("X-Cache")).hasValue("MISS");
		}
	}

	private static Map<String, String> settings(Map<String, String> extra) {
		return CLUSTER.settings(extra);
	}

	private static Map<String, String> followerSettings(String stream, String instance) {
		return CLUSTER.followerSettings(stream, instance);
	}

	private static String publish(String stream, String kind, String tags) {
		return CLUSTER.publish(stream, kind, tags, "");
	}

	private static String publishCollapsed(String stream, String kind) {
		return REDIS.xadd(stream, Map.of("id", "1", "kind", kind, "ids", "1,2,3", "versions", "1,1,1", "tags", "users",
				"collapsed", "true", "time", Long.toString(System.currentTimeMillis())));
	}

	private static void awaitHit(GatewayInstance gateway, String path, String token) {
		GatewayCluster.awaitHit(gateway, path, token);
	}

	private static void awaitHit(GatewayInstance gateway, ClusterUser user) {
		GatewayCluster.awaitHit(gateway, user.path(), user.token());
	}

	private static double consumed(GatewayInstance gateway) {
		return GatewayCluster.consumed(gateway);
	}

	private static double dropped(GatewayInstance gateway) {
		return GatewayCluster.counter(gateway, "cachegate.events.dropped");
	}

	private static double l1Hits(GatewayInstance gateway) {
		FunctionCounter hits = gateway.bean(MeterRegistry.class)
			.find("cache.gets")
			.tag("cache", "l1")
			.tag("result", "hit")
			.functionCounter();
		return hits == null ? 0 : hits.count();
	}

}
