package io.cachegate.cache.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import io.cachegate.gateway.testsupport.FakeUsers;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.gateway.testsupport.TestOrigin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Write-through that sticks, on two whole gateways that follow one change stream: a
 * write's own change event (its echo) leaves the entry the write stored, whether it
 * reaches Redis before the write's answer, during the write's commit-wait or after it;
 * changes the entry does not show still kill it; racing writers end on the newest
 * version; herds and stale-while-revalidate keep their promises across instances while
 * events arrive. The event source is the test (it writes the stream the way
 * user-service's relay does), so each ordering is played out exactly.
 */
class WriteThroughAcrossGatewaysIntegrationTests {

	private static final GatewayCluster CLUSTER = new GatewayCluster("write-through-key");

	private static final FakeUsers USERS = CLUSTER.users;

	private static final TestOrigin ORIGIN = CLUSTER.origin;

	private static final RedisClusterCommands<String, String> REDIS = CLUSTER.redis;

	private static final int HERD = 300;

	/**
	 * One connection per request: a herd arrives together, not queued in a small pool.
	 */
	private static final HttpClient HERD_CLIENT = HttpClient
		.create(ConnectionProvider.builder("herd").maxConnections(HERD + 10).pendingAcquireMaxCount(-1).build())
		.responseTimeout(Duration.ofSeconds(20));

	@AfterAll
	static void close() {
		CLUSTER.close();
	}

	@Test
	void theEchoOfAWriteArrivingAfterItsAnswerLeavesTheWrittenThroughEntryOnEveryGateway() {
		withTwoGateways(Map.of(), (writer, reader, stream) -> {
			ClusterUser user = CLUSTER.user("MANAGER", "before");
			GatewayInstance.Response written = user.rename(writer, "after");
			assertThat(written.header("Cache-Status")).hasValue("cachegate; fwd=method; detail=stored");
			CLUSTER.publishUpdate(stream, user.id(), 1);
			awaitConsumedByBoth(writer, reader, 1);
			assertHitOnBoth(writer, reader, user, "after");
		});
	}

	@Test
	void theEchoOfAWriteArrivingBeforeItsAnswerLeavesTheWrittenThroughEntryOnEveryGateway() {
		withTwoGateways(Map.of(), (writer, reader, stream) -> {
			ClusterUser user = CLUSTER.user("MANAGER", "before");
			// The origin committed (its relay publishes at commit) while its answer is
			// still on its way.
			HeldRename write = HeldRename.start(writer, user, "after");
			CLUSTER.publishUpdate(stream, user.id(), 1);
			awaitConsumedByBoth(writer, reader, 1);
			assertThat(write.answer()).isNotDone();
			assertThat(write.release().header("Cache-Status")).hasValue("cachegate; fwd=method; detail=stored");
			assertHitOnBoth(writer, reader, user, "after");
		});
	}

	@Test
	void theEchoOfAWriteArrivingDuringItsCommitWaitLeavesTheWrittenThroughEntry() {
		// A long near-cache bound makes the write wait long after its write-through
		// before it answers.
		withTwoGateways(Map.of("CACHEGATE_CACHE_NEAR_TTL", "4s"), (writer, reader, stream) -> {
			ClusterUser user = CLUSTER.user("MANAGER", "before");
			CompletableFuture<GatewayInstance.Response> write = user.renameInBackground(writer, "after");
			String entry = entryKey(user.path(), "MANAGER");
			await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(REDIS.hget(entry, "n")));
			assertThat(write).as("still in its commit-wait").isNotDone();
			CLUSTER.publishUpdate(stream, user.id(), 1);
			awaitConsumedByBoth(writer, reader, 1);
			assertThat(write.join().header("Cache-Status")).hasValue("cachegate; fwd=method; detail=stored");
			assertHitOnBoth(writer, reader, user, "after");
		});
	}

	@Test
	void aChangeTheEntryDoesNotShowStillKillsIt() {
		withTwoGateways(Map.of(), (writer, reader, stream) -> {
			ClusterUser user = CLUSTER.user("MANAGER", "before");
			user.rename(writer, "after");
			CLUSTER.publishUpdate(stream, user.id(), 1);
			GatewayCluster.awaitConsumed(reader, 1);
			assertHitWith(reader, user, "after");
			// A change made straight in SQL: the service's trigger gave it the next
			// version.
			USERS.changeDirectly(user.id(), "in-sql");
			CLUSTER.publishUpdate(stream, user.id(), 2);
			awaitConsumedByBoth(writer, reader, 2);
			assertThat(user.read(reader).header("X-Cache")).hasValue("MISS");
			assertHitWith(writer, user, "in-sql");
			// A delete names no version: whatever an entry holds, it goes.
			CLUSTER.publish(stream, "delete", user.tags(), "");
			GatewayCluster.awaitConsumed(writer, 3);
			assertThat(user.read(writer).header("X-Cache")).hasValue("MISS");
		});
	}

	@Test
	void aReadThatCrossedTheEventOfTheVersionItHoldsStaysCached() {
		withTwoGateways(Map.of(), (writer, reader, stream) -> {
			ClusterUser user = CLUSTER.user("USER", "created-at-the-service");
			assertThat(user.read(reader).header("Cache-Status")).hasValue("cachegate; fwd=miss; stored");
			// The creation's event, published at its commit, reaches the gateways after
			// the read stored version 0.
			CLUSTER.publish(stream, "insert", user.tags(), user.tag() + "=0");
			awaitConsumedByBoth(reader, writer, 1);
			assertHitOnBoth(reader, writer, user, "created-at-the-service");
		});
	}

	@Test
	void twoWritersOfOneUserRacingEndWithEveryGatewayHoldingTheNewestVersion() {
		for (boolean eventsBeforeTheLateAnswer : new boolean[] { true, false }) {
			withTwoGateways(Map.of(), (first, second, stream) -> {
				ClusterUser user = CLUSTER.user("MANAGER", "v0");
				// The first writer's change commits (version 1), its answer is held; the
				// second's commits (version 2)
				// and is answered; then the first's late answer arrives, before or after
				// both events.
				HeldRename late = HeldRename.start(first, user, "v1");
				assertThat(user.rename(second, "v2").header("Cache-Status"))
					.hasValue("cachegate; fwd=method; detail=stored");
				if (eventsBeforeTheLateAnswer) {
					publishBoth(stream, user.id(), first, second);
				}
				assertThat(late.release().header("Cache-Status").orElseThrow()).matches(".*detail=(conflict|kept)");
				if (!eventsBeforeTheLateAnswer) {
					publishBoth(stream, user.id(), first, second);
				}
				assertHitOnBoth(first, second, user, "v2");
			});
		}
	}

	@Test
	void aHerdSplitOverTwoGatewaysOnAColdKeyReachesTheOriginAtMostTwiceWhileItsCreationEventArrives() {
		withTwoGateways(Map.of(), (first, second, stream) -> {
			ClusterUser user = CLUSTER.user("USER", "herded");
			Sinks.Empty<Void> release = Sinks.empty();
			USERS.holdNextRead(user.id(), release.asMono());
			CompletableFuture<List<Answer>> herd = CompletableFuture
				.supplyAsync(() -> herdOnBoth(first, second, user.path(), user.token(), HERD / 2));
			await().atMost(Duration.ofSeconds(20)).until(() -> ORIGIN.calls("GET", user.path()) >= 1);
			CLUSTER.publish(stream, "insert", user.tags(), user.tag() + "=0");
			awaitConsumedByBoth(first, second, 1);
			release.tryEmitEmpty();
			assertThat(herd.join()).hasSize(HERD).allSatisfy(answer -> assertThat(answer.body()).contains("herded"));
			assertThat(ORIGIN.calls("GET", user.path())).isBetween(1, 2);
			// The event did not throw the stored answer away: the next herd is all hits.
			List<Answer> again = herdOnBoth(first, second, user.path(), user.token(), HERD / 2);
			assertThat(again).allSatisfy(answer -> assertThat(answer.xCache()).isEqualTo("HIT"));
			assertThat(ORIGIN.calls("GET", user.path())).isBetween(1, 2);
		});
	}

	@Test
	void staleWhileRevalidateServesTheStaleCopyToEveryReaderOnBothGatewaysAndRefreshesOnce() {
		withTwoGateways(Map.of(), (first, second, stream) -> {
			String token = CLUSTER.bearer("USER");
			String path = "/users/swr-" + UUID.randomUUID();
			String tag = "user:" + path.substring("/users/".length());
			ORIGIN.on("GET", path, request -> versioned(0, tag));
			assertThat(first.get(path, token).header("Cache-Status")).hasValue("cachegate; fwd=miss; stored");
			// Its creation event arrives after the read stored it: it must not take the
			// stale copy away.
			CLUSTER.publish(stream, "insert", tag, tag + "=0");
			awaitConsumedByBoth(first, second, 1);
			Sinks.Empty<Void> release = Sinks.empty();
			ORIGIN.on("GET", path, request -> versioned(1, tag).after(release.asMono()));
			// Past its one second of freshness the entry is served stale, and one refresh
			// goes out (held here).
			await().atMost(Duration.ofSeconds(10))
				.until(() -> first.get(path, token).header("X-Cache").orElse("").equals("STALE"));
			List<Answer> readers = herdOnBoth(first, second, path, token, 50);
			assertThat(readers).hasSize(100).allSatisfy(answer -> {
				assertThat(answer.xCache()).isEqualTo("STALE");
				assertThat(answer.body()).contains("\"version\":0");
			});
			assertThat(ORIGIN.calls("GET", path)).as("the first read and one refresh").isEqualTo(2);
			release.tryEmitEmpty();
			await().atMost(Duration.ofSeconds(10)).until(() -> first.get(path, token).body().contains("\"version\":1"));
			assertThat(second.get(path, token).body()).contains("\"version\":1");
			assertThat(ORIGIN.calls("GET", path)).isEqualTo(2);
		});
	}

	private static Reply versioned(long version, String tag) {
		return Reply.of(200, "{\"version\":" + version + "}")
			.header("Content-Type", "application/json")
			.header("ETag", "\"" + version + "\"")
			.header("Cache-Tag", tag)
			.header("Cachegate-Cache-Control", "max-age=1, stale-while-revalidate=60")
			.header("Cache-Control", "private, no-store");
	}

	/**
	 * A rename the service committed (the user's version 1) whose answer it holds back
	 * until {@link #release}.
	 */
	private record HeldRename(Sinks.Empty<Void> gate, CompletableFuture<GatewayInstance.Response> answer) {

		static HeldRename start(GatewayInstance gateway, ClusterUser user, String name) {
			Sinks.Empty<Void> gate = Sinks.empty();
			USERS.holdNextWrite(user.id(), gate.asMono());
			CompletableFuture<GatewayInstance.Response> answer = user.renameInBackground(gateway, name);
			await().atMost(Duration.ofSeconds(10)).until(() -> USERS.version(user.id()) == 1);
			return new HeldRename(gate, answer);
		}

		/** Lets the answer go; the answer. */
		GatewayInstance.Response release() {
			gate.tryEmitEmpty();
			return answer.join();
		}

	}

	/** The two writes' events, in commit order, applied by both gateways. */
	private static void publishBoth(String stream, long id, GatewayInstance first, GatewayInstance second) {
		int firstBefore = (int) GatewayCluster.consumed(first);
		int secondBefore = (int) GatewayCluster.consumed(second);
		CLUSTER.publishUpdate(stream, id, 1);
		CLUSTER.publishUpdate(stream, id, 2);
		GatewayCluster.awaitConsumed(first, firstBefore + 2);
		GatewayCluster.awaitConsumed(second, secondBefore + 2);
	}

	private static void awaitConsumedByBoth(GatewayInstance first, GatewayInstance second, int count) {
		GatewayCluster.awaitConsumed(first, count);
		GatewayCluster.awaitConsumed(second, count);
	}

	private static void assertHitOnBoth(GatewayInstance first, GatewayInstance second, ClusterUser user,
			String content) {
		assertHitWith(first, user, content);
		assertHitWith(second, user, content);
	}

	private static void assertHitWith(GatewayInstance gateway, ClusterUser user, String content) {
		GatewayInstance.Response read = user.read(gateway);
		assertThat(read.header("X-Cache")).as("read of %s", user.path()).hasValue("HIT");
		assertThat(read.body()).contains(content);
	}

	/**
	 * Two gateways following a stream of their own, the cluster's settings with
	 * {@code extra} on top.
	 */
	private static void withTwoGateways(Map<String, String> extra, TwoGatewaysTest test) {
		String stream = "test:changes:" + UUID.randomUUID();
		Map<String, String> first = new HashMap<>(CLUSTER.followerSettings(stream, "a-" + UUID.randomUUID()));
		first.putAll(extra);
		Map<String, String> second = new HashMap<>(CLUSTER.followerSettings(stream, "b-" + UUID.randomUUID()));
		second.putAll(extra);
		try (GatewayInstance a = GatewayInstance.start(first); GatewayInstance b = GatewayInstance.start(second)) {
			test.run(a, b, stream);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@FunctionalInterface
	private interface TwoGatewaysTest {

		void run(GatewayInstance first, GatewayInstance second, String stream) throws Exception;

	}

	/** {@code each} reads of the path on each gateway at once. */
	private static List<Answer> herdOnBoth(GatewayInstance first, GatewayInstance second, String path, String token,
			int each) {
		return Flux.merge(herd(first, path, token, each), herd(second, path, token, each))
			.collectList()
			.block(Duration.ofSeconds(60));
	}

	private static Flux<Answer> herd(GatewayInstance gateway, String path, String token, int size) {
		return Flux.range(0, size)
			.flatMap(i -> HERD_CLIENT.headers(headers -> headers.set("Authorization", token))
				.get()
				.uri("http://127.0.0.1:" + gateway.port() + path)
				.responseSingle((response, body) -> body.asString()
					.defaultIfEmpty("")
					.map(text -> new Answer(response.status().code(), response.responseHeaders().get("X-Cache"), text)))
				.onErrorResume(ex -> Mono.just(new Answer(-1, null, ex.toString()))), size);
	}

	/**
	 * The Redis key of a users entry (CacheKey: the SHA-256 of the key material,
	 * base64url).
	 */
	private static String entryKey(String path, String role) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-256")
			.digest(("users GET " + path + " role=" + role).getBytes(StandardCharsets.UTF_8));
		return "cg:{users}:e:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
	}

	private record Answer(int status, String xCache, String body) {
	}

}
