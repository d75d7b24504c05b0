package io.cachegate.gateway.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cachegate.gateway.testsupport.FakeUsers;
import io.cachegate.gateway.testsupport.TestOrigin;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.gateway.testsupport.TestTokens;
import io.cachegate.stack.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several whole gateways sharing one Redis (an embedded server of this class's own, since some tests drop a
 * route's cache), in front of a user-service stand-in: the near cache's guarantee between instances, and the
 * change-stream follower's restart and fallen-behind behaviour, with events written to the stream by the test the
 * way user-service's relay writes them.
 */
class ChangeStreamIntegrationTests {

	private static final TestTokens TOKENS = new TestTokens("events-key");

	private static final TestOrigin AUTH = TestOrigin.start();

	private static final TestOrigin ORIGIN = TestOrigin.start();

	private static final FakeUsers USERS = new FakeUsers(ORIGIN);

	private static final EmbeddedRedis REDIS_SERVER = EmbeddedRedis.startOnFreePort();

	private static final RedisClient REDIS_CLIENT = RedisClient.create(REDIS_SERVER.endpoint().url());

	private static final RedisCommands<String, String> REDIS = REDIS_CLIENT.connect().sync();

	static {
		AUTH.on("GET", "/auth/jwks", request -> Reply.of(200, TOKENS.jwks()).header("Content-Type", "application/json"));
	}

	@AfterAll
	static void close() throws Exception {
		REDIS_CLIENT.shutdown();
		REDIS_SERVER.close();
		ORIGIN.close();
		AUTH.close();
	}

	@Test
	void aWriteThroughOneInstanceIsNeverReadStaleThroughAnotherOnceAcknowledged() {
		// No change events here: the guarantee must come from the near cache's bound and the write's wait alone.
		try (GatewayInstance writer = GatewayInstance.start(settings(Map.of("CACHEGATE_EVENTS_ENABLED", "false")));
				GatewayInstance reader = GatewayInstance.start(settings(Map.of("CACHEGATE_EVENTS_ENABLED", "false")))) {
			String token = "Bearer " + TOKENS.token("MANAGER");
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
		// The control of the test above: the same sequence without commit-wait does read stale data, so the test
		// above can fail, and the wait is what makes it pass.
		try (GatewayInstance writer = GatewayInstance.start(
				settings(Map.of("CACHEGATE_EVENTS_ENABLED", "false", "CACHEGATE_L1_COMMIT_WAIT", "false")));
				GatewayInstance reader = GatewayInstance.start(settings(Map.of("CACHEGATE_EVENTS_ENABLED", "false")))) {
			String token = "Bearer " + TOKENS.token("MANAGER");
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
		String token = "Bearer " + TOKENS.token("USER");
		long cached = USERS.create("cached");
		String path = "/users/" + cached;
		String lastBefore;
		try (GatewayInstance first = GatewayInstance.start(settings)) {
			for (int i = 0; i < 3; i++) {
				publish(stream, "update", "user:" + (900_000 + i) + ",users");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(first) == 3);
			lastBefore = first.bean(ChangeStreamFollower.class).position();
			awaitHit(first, path, token);
		}
		// Down: these five must all be applied after the restart, and the third kills the cached entry.
		String lastWhileDown = null;
		for (int i = 0; i < 5; i++) {
			lastWhileDown = publish(stream, "update", (i == 2 ? "user:" + cached : "user:" + (910_000 + i)) + ",users");
		}
		try (GatewayInstance second = GatewayInstance.start(settings)) {
			String expected = lastWhileDown;
			await().atMost(Duration.ofSeconds(10)).until(() -> expected.equals(second.bean(ChangeStreamFollower.class).position()));
			assertThat(consumed(second)).as("exactly the events published while it was down").isEqualTo(5);
			assertThat(lastBefore).isNotNull();
			assertThat(second.get(path, token).header("X-Cache")).hasValue("MISS");
			assertThat(dropped(second)).isZero();
		}
	}

	@Test
	void anInstanceWhosePositionWasTrimmedAwayDropsTheRouteAndCountsIt() {
		String stream = "test:changes:" + UUID.randomUUID();
		Map<String, String> settings = followerSettings(stream, "trimmed-" + UUID.randomUUID());
		String token = "Bearer " + TOKENS.token("USER");
		long cached = USERS.create("cached");
		String path = "/users/" + cached;
		try (GatewayInstance first = GatewayInstance.start(settings)) {
			publish(stream, "update", "user:920000,users");
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(first) == 1);
			awaitHit(first, path, token);
		}
		for (int i = 0; i < 10; i++) {
			publish(stream, "update", "user:" + (930_000 + i) + ",users");
		}
		// Trimmed past the stopped instance's position: events it never saw are gone. None named the cached user,
		// yet the instance cannot know that.
		REDIS.xtrim(stream, 2);
		try (GatewayInstance second = GatewayInstance.start(settings)) {
			await().atMost(Duration.ofSeconds(10)).until(() -> dropped(second) == 1);
			assertThat(second.get(path, token).header("X-Cache")).hasValue("MISS");
		}
	}

	@Test
	void aCollapsedUpdateDropsTheRouteWhileACollapsedInsertOnlyInvalidatesLists() {
		String stream = "test:changes:" + UUID.randomUUID();
		String token = "Bearer " + TOKENS.token("USER");
		long cached = USERS.create("cached");
		String path = "/users/" + cached;
		try (GatewayInstance gateway = GatewayInstance.start(followerSettings(stream, "collapsed-" + UUID.randomUUID()))) {
			awaitHit(gateway, path, token);
			publishCollapsed(stream, "insert");
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(gateway) == 1);
			assertThat(gateway.get(path, token).header("X-Cache")).hasValue("HIT");
			publishCollapsed(stream, "update");
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(gateway) == 2);
			assertThat(gateway.get(path, token).header("X-Cache")).hasValue("MISS");
		}
	}

	@Test
	void theEchoOfAWriteLeavesItsWrittenThroughEntryButALaterEventLikeItDoesNot() {
		String stream = "test:changes:" + UUID.randomUUID();
		String token = "Bearer " + TOKENS.token("MANAGER");
		long id = USERS.create("before");
		String path = "/users/" + id;
		Map<String, String> settings = new HashMap<>(followerSettings(stream, "echo-" + UUID.randomUUID()));
		settings.put("CACHEGATE_L1_ENABLED", "false");
		try (GatewayInstance gateway = GatewayInstance.start(settings)) {
			GatewayInstance.Response written = gateway.put(path, token, "{\"name\":\"after\"}");
			assertThat(written.status()).isEqualTo(200);
			assertThat(written.header("Cache-Status")).hasValueSatisfying(status -> assertThat(status).contains("stored"));
			// The write's tags (user:<id> and the stand-in's list tag), as its echo will name them.
			String prefix = "cg:{users}:echo:1:user:" + id + ",";
			List<String> marks = REDIS.keys(prefix + "*");
			assertThat(marks).hasSize(1);
			String tags = marks.get(0).substring("cg:{users}:echo:1:".length());
			// The service's event for that very write (version 1): Redis keeps the written-through entry.
			publishVersion(stream, tags, "1");
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(gateway) == 1);
			GatewayInstance.Response hit = gateway.get(path, token);
			assertThat(hit.header("X-Cache")).hasValue("HIT");
			assertThat(hit.body()).contains("after");
			// Same tags, same version, but another event (plain SQL that did not bump the version): invalidates.
			publishVersion(stream, tags, "1");
			await().atMost(Duration.ofSeconds(10)).until(() -> consumed(gateway) == 2);
			assertThat(gateway.get(path, token).header("X-Cache")).hasValue("MISS");
		}
	}

	private static Map<String, String> settings(Map<String, String> extra) {
		Map<String, String> settings = new HashMap<>(Map.of("REDIS_URL", REDIS_SERVER.endpoint().url(),
				"AUTH_SERVICE_URL", AUTH.url(), "AUTH_JWKS_URL", AUTH.url() + "/auth/jwks", "USER_SERVICE_URL",
				ORIGIN.url()));
		// The near cache is off by default (see CACHE.md); these tests are about it, so it is on unless said.
		settings.put("CACHEGATE_L1_ENABLED", "true");
		settings.putAll(extra);
		return settings;
	}

	private static Map<String, String> followerSettings(String stream, String instance) {
		// The write wait would only slow these tests down; their subject is the follower.
		return settings(Map.of("CACHEGATE_EVENTS_STREAM", stream, "CACHEGATE_INSTANCE_ID", instance,
				"CACHEGATE_EVENTS_BLOCK", "200ms", "CACHEGATE_EVENTS_RETRY_DELAY", "200ms"));
	}

	/** Writes an event the way user-service's relay does; returns its stream id. */
	private static String publish(String stream, String kind, String tags) {
		return REDIS.xadd(stream, Map.of("id", "1", "kind", kind, "ids", "1", "versions", "1", "tags", tags,
				"collapsed", "false", "time", Long.toString(System.currentTimeMillis())));
	}

	private static String publishVersion(String stream, String tags, String version) {
		return REDIS.xadd(stream, Map.of("id", "1", "kind", "update", "ids", "1", "versions", version, "tags", tags,
				"collapsed", "false", "time", Long.toString(System.currentTimeMillis())));
	}

	private static String publishCollapsed(String stream, String kind) {
		return REDIS.xadd(stream, Map.of("id", "1", "kind", kind, "ids", "1,2,3", "versions", "1,1,1", "tags", "users",
				"collapsed", "true", "time", Long.toString(System.currentTimeMillis())));
	}

	/** Reads until the gateway answers from its cache (the first read stores the entry). */
	private static void awaitHit(GatewayInstance gateway, String path, String token) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> gateway.get(path, token).header("X-Cache").orElse("").equals("HIT"));
	}

	private static double consumed(GatewayInstance gateway) {
		Counter counter = gateway.bean(MeterRegistry.class).find("cachegate.events.consumed").counter();
		return counter == null ? 0 : counter.count();
	}

	private static double dropped(GatewayInstance gateway) {
		Counter counter = gateway.bean(MeterRegistry.class).find("cachegate.events.dropped").counter();
		return counter == null ? 0 : counter.count();
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
