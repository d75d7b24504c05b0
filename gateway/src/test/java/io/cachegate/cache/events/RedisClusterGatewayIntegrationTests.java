package io.cachegate.cache.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.cachegate.cache.near.CacheInvalidation;
import io.cachegate.gateway.testsupport.FakeUsers;
import io.cachegate.stack.RedisCluster;
import io.cachegate.stack.RedisEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole gateway on a local Redis Cluster (three masters, three replicas) chosen by
 * {@code spring.data.redis.cluster.nodes}: it caches, invalidates on writes and on change
 * events read from the stream on the cluster, spreads the users route's entries over
 * every master (its keys split into buckets), and when the master holding an entry dies
 * it answers from the origin until the replica has taken over, then caches again, without
 * a restart. The failover test runs last: it leaves the cluster with one node fewer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterGatewayIntegrationTests {

	/** The pattern of the cache's entry keys, whatever their hash tag. */
	private static final String ENTRIES = "cg:*:e:*";

	private static final RedisCluster REDIS_CLUSTER = RedisCluster.start(Duration.ofSeconds(2));

	private static final GatewayCluster GATEWAYS = GatewayCluster.onRedisCluster("cluster-key", REDIS_CLUSTER);

	private static final FakeUsers USERS = GATEWAYS.users;

	@AfterAll
	static void close() {
		GATEWAYS.close();
	}

	@Test
	@Order(1)
	void cachesAndInvalidatesOnWritesAndOnChangeEventsFromTheClusterStream() {
		String stream = "test:changes:" + UUID.randomUUID();
		try (GatewayInstance gateway = GatewayInstance
			.start(GATEWAYS.followerSettings(stream, "cluster-" + UUID.randomUUID()))) {
			String token = GATEWAYS.bearer("MANAGER");
			long id = USERS.create("before");
			String path = "/users/" + id;
			assertThat(gateway.get(path, token).header("X-Cache")).hasValue("MISS");
			GatewayCluster.awaitHit(gateway, path, token);

			// A write through the gateway: the list it makes stale is a miss again.
			String list = FakeUsers.listPath();
			GatewayCluster.awaitHit(gateway, list, token);
			assertThat(gateway.post("/users", token, "{\"name\":\"created\"}").status()).isEqualTo(201);
			GatewayInstance.Response listAfterWrite = gateway.get(list, token);
			assertThat(listAfterWrite.header("X-Cache")).hasValue("MISS");
			assertThat(listAfterWrite.body()).contains("created");

			// A change made behind the gateway's back, announced on the stream (on the
			// cluster, in its own slot).
			USERS.changeDirectly(id, "after");
			assertThat(gateway.get(path, token).body()).as("still the cached copy").contains("before");
			GATEWAYS.publishUpdate(stream, id, USERS.version(id));
			GatewayCluster.awaitConsumed(gateway, 1);
			GatewayInstance.Response afterEvent = gateway.get(path, token);
			assertThat(afterEvent.body()).contains("after");
			assertThat(afterEvent.header("X-Cache")).hasValue("MISS");
			assertThat(gateway.bean(ChangeStreamFollower.class).position()).isNotNull();
		}
	}

	@Test
	@Order(2)
	void aRoutesEntriesSpreadOverEveryMasterWhereTheAdminApiFindsThemAndDroppingTheRouteReachesEveryBucket() {
		try (GatewayInstance gateway = startWithoutEventsOrNearCache()) {
			String token = GATEWAYS.bearer("MANAGER");
			List<String> entriesBefore = GATEWAYS.redis.keys(ENTRIES);
			List<String> paths = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				long id = USERS.create("spread " + i);
				String path = "/users/" + id;
				paths.add(path);
				assertThat(gateway.get(path, token).header("X-Cache")).hasValue("MISS");
			}
			List<String> stored = new ArrayList<>(GATEWAYS.redis.keys(ENTRIES));
			stored.removeAll(entriesBefore);
			assertThat(stored).hasSize(paths.size());
			Map<Integer, Long> perMaster = stored.stream()
				.collect(Collectors.groupingBy(key -> REDIS_CLUSTER.masterOf(key).orElseThrow().port(),
						Collectors.counting()));
			System.out.printf("entries per master: %s%n", perMaster);
			assertThat(perMaster).hasSize(RedisCluster.MASTERS)
				.allSatisfy((port, count) -> assertThat(count * 100 / stored.size()).isBetween(20L, 45L));
			// The latest reads are still fresh however slow the machine was.
			List<String> recent = paths.subList(paths.size() - 20, paths.size());
			assertThat(recent).allMatch(path -> "HIT".equals(gateway.get(path, token).header("X-Cache").orElse("")));

			// The admin API lists and counts the entries of every master (those that
			// have not expired meanwhile).
			String admin = GATEWAYS.bearer("ADMIN");
			Set<String> before = new HashSet<>(GATEWAYS.redis.keys("cg:{users*}:e:*"));
			Set<String> listed = new HashSet<>();
			String cursor = "0";
			int pages = 0;
			do {
				GatewayInstance.Response page = gateway.get("/admin/cache/keys?route=users&count=1000&cursor=" + cursor,
						admin);
				assertThat(page.status()).as(page.body()).isEqualTo(200);
				Matcher keys = Pattern.compile("\"key\":\"([^\"]+)\"").matcher(page.body());
				while (keys.find()) {
					listed.add(keys.group(1));
				}
				Matcher next = Pattern.compile("\"cursor\":\"([0-9]+)\"").matcher(page.body());
				assertThat(next.find()).isTrue();
				cursor = next.group(1);
			}
			while (!"0".equals(cursor) && ++pages < 10_000);
			before.retainAll(GATEWAYS.redis.keys("cg:{users*}:e:*"));
			assertThat(before).isNotEmpty();
			assertThat(listed).containsAll(before);
			GatewayInstance.Response stats = gateway.get("/admin/cache/stats", admin);
			assertThat(stats.status()).as(stats.body()).isEqualTo(200);
			Matcher entries = Pattern.compile("\"entries\":([0-9]+)").matcher(stats.body());
			assertThat(entries.find()).isTrue();
			assertThat(Long.parseLong(entries.group(1)))
				.isGreaterThanOrEqualTo(GATEWAYS.redis.keys("cg:{users*}:e:*").size());

			// Dropping the route (a truncate's change event does it) reaches every bucket
			// on every master.
			assertThat(gateway.bean(CacheInvalidation.class)
				.invalidateAll("users")
				.thenReturn(true)
				.block(Duration.ofSeconds(10))).isTrue();
			assertThat(GATEWAYS.redis.keys("cg:{users:*}:t:\\*")).as("the route's mark in every bucket")
				.hasSize(GatewayCluster.CLUSTER_BUCKETS);
			assertThat(recent).noneMatch(path -> "HIT".equals(gateway.get(path, token).header("X-Cache").orElse("")));
		}
	}

	@Test
	@Order(3)
	void theAdminApisInvalidationsAndClearReachEveryBucketOnEveryMaster() {
		try (GatewayInstance gateway = startWithoutEventsOrNearCache()) {
			String token = GATEWAYS.bearer("MANAGER");
			String admin = GATEWAYS.bearer("ADMIN");
			List<Long> ids = new ArrayList<>();
			Map<Long, String> entryKeys = new HashMap<>();
			for (int i = 0; i < 60; i++) {
				long id = USERS.create("admin " + i);
				ids.add(id);
				entryKeys.put(id, entryStoredBy(gateway, "/users/" + id, token));
			}
			assertThat(entriesPerMaster()).as("entries on every master before").hasSize(RedisCluster.MASTERS);

			// Half of the users' tags: their entries (on every master) are misses, the
			// others' still hits.
			List<Long> invalidated = ids.subList(0, 30);
			List<Long> kept = ids.subList(30, ids.size());
			String tags = invalidated.stream()
				.map(id -> "\"user:" + id + "\"")
				.collect(Collectors.joining(",", "[", "]"));
			GatewayInstance.Response byTag = gateway.post("/admin/cache/invalidations", admin,
					"{\"tags\":" + tags + ",\"routes\":[\"users\"]}");
			assertThat(byTag.status()).as(byTag.body()).isEqualTo(200);
			assertThat(GATEWAYS.redis.keys("cg:{users:*}:t:user:" + invalidated.get(0)))
				.as("the tag's mark in every bucket")
				.hasSize(GatewayCluster.CLUSTER_BUCKETS);
			assertThat(
					invalidated.stream().map(id -> REDIS_CLUSTER.masterOf(entryKeys.get(id)).orElseThrow()).distinct())
				.as("the invalidated entries' masters")
				.hasSize(RedisCluster.MASTERS);
			assertThat(invalidated).allMatch(id -> "MISS".equals(xCache(gateway, id, token)));
			assertThat(kept).allMatch(id -> "HIT".equals(xCache(gateway, id, token)));

			// Every route (no "routes"), a tag the users route's answers do not carry:
			// nothing it held is touched.
			GatewayInstance.Response everyRoute = gateway.post("/admin/cache/invalidations", admin,
					"{\"tags\":[\"no-such-tag\"]}");
			assertThat(everyRoute.status()).as(everyRoute.body()).isEqualTo(200);
			assertThat(kept).allMatch(id -> "HIT".equals(xCache(gateway, id, token)));

			// Clearing the cache unlinks the entries, vary records and leases of every
			// master, and keeps the invalidation clock.
			assertThat(entriesPerMaster()).hasSize(RedisCluster.MASTERS);
			GatewayInstance.Response cleared = gateway.delete("/admin/cache", admin);
			assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
			Matcher unlinked = Pattern.compile("\"unlinkedKeys\":([0-9]+)").matcher(cleared.body());
			assertThat(unlinked.find()).isTrue();
			assertThat(Long.parseLong(unlinked.group(1))).isGreaterThanOrEqualTo(ids.size());
			assertThat(GATEWAYS.redis.keys(ENTRIES)).as("entries left on any master").isEmpty();
			assertThat(GATEWAYS.redis.keys("cg:*:v:*")).as("vary records left").isEmpty();
			assertThat(GATEWAYS.redis.keys("cg:*:lock:*")).as("leases left").isEmpty();
			assertThat(GATEWAYS.redis.keys("cg:{users:*}:seq")).as("every bucket's sequence kept")
				.hasSize(GatewayCluster.CLUSTER_BUCKETS);
			assertThat(kept).allMatch(id -> "MISS".equals(xCache(gateway, id, token)));
		}
	}

	/** A gateway that follows no change stream and keeps no near cache. */
	private static GatewayInstance startWithoutEventsOrNearCache() {
		return GatewayInstance.start(GATEWAYS
			.settings(Map.of("CACHEGATE_EVENTS_ENABLED", "false", "CACHEGATE_CACHE_NEAR_ENABLED", "false")));
	}

	/**
	 * Reads the path until it is a hit; the key of the one cache entry that read stored.
	 */
	private static String entryStoredBy(GatewayInstance gateway, String path, String token) {
		List<String> before = GATEWAYS.redis.keys(ENTRIES);
		GatewayCluster.awaitHit(gateway, path, token);
		List<String> stored = new ArrayList<>(GATEWAYS.redis.keys(ENTRIES));
		stored.removeAll(before);
		assertThat(stored).hasSize(1);
		return stored.get(0);
	}

	/** The number of cache entries on each master that holds any, by port. */
	private static Map<Integer, Long> entriesPerMaster() {
		return GATEWAYS.redis.keys(ENTRIES)
			.stream()
			.collect(Collectors.groupingBy(key -> REDIS_CLUSTER.masterOf(key).orElseThrow().port(),
					Collectors.counting()));
	}

	private static String xCache(GatewayInstance gateway, long id, String token) {
		return gateway.get("/users/" + id, token).header("X-Cache").orElse("");
	}

	@Test
	@Order(4)
	void answersFromTheOriginWhileTheEntrysMasterIsDownAndCachesAgainAfterFailover() {
		try (GatewayInstance gateway = GatewayInstance.start(GATEWAYS.settings(Map.of(
				// The production breaker: what this test shows is that the gateway comes
				// back by itself.
				"CACHEGATE_EVENTS_ENABLED", "false")))) {
			String token = GATEWAYS.bearer("MANAGER");
			long id = USERS.create("survivor");
			String path = "/users/" + id;
			// The master holding this read's entry, whatever the key layout.
			String entry = entryStoredBy(gateway, path, token);

			RedisEndpoint killed = REDIS_CLUSTER.killMasterOf(entry);
			long killedAt = System.nanoTime();
			List<String> duringOutage = new ArrayList<>();
			// Until the replica takes over, every answer must still be the right one,
			// served from the origin.
			while (REDIS_CLUSTER.masterOf(entry).isEmpty() || duringOutage.isEmpty()) {
				GatewayInstance.Response response = gateway.get(path, token);
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body()).contains("survivor");
				duringOutage.add(response.header("X-Cache").orElse(""));
				if (System.nanoTime() - killedAt > Duration.ofSeconds(30).toNanos()) {
					break;
				}
			}
			assertThat(duringOutage).as("answers while the entry's master was down").contains("BYPASS");
			REDIS_CLUSTER.awaitHealthy();
			long promotedAt = System.nanoTime();

			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> "HIT".equals(gateway.get(path, token).header("X-Cache").orElse("")));
			System.out.printf("failover: caching again %d ms after the replica took over (%d ms after the kill)%n",
					Duration.ofNanos(System.nanoTime() - promotedAt).toMillis(),
					Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
			assertThat(REDIS_CLUSTER.masterOf(entry)).isPresent().isNotEqualTo(Optional.of(killed));
		}
	}

}
