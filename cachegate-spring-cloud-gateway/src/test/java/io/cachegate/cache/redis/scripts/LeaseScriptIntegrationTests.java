package io.cachegate.cache.redis.scripts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cache-lease.lua} on a real Redis: who gets the lease on a cold key, when a lease
 * of this same instance is taken over, and that only its holder releases it.
 */
class LeaseScriptIntegrationTests {

	@RegisterExtension
	static final ScriptRedisConnection REDIS = new ScriptRedisConnection();

	private final RedisCommands<String, String> redis = REDIS.commands();

	private final String lease = RouteKeys.unique("lease").lease("k1");

	@Test
	void theFirstAcquireGetsTheLeaseForItsLeaseTime() {
		assertThat(acquire("instance-a:1", "5000", "instance-a:")).isEqualTo(1);
		assertThat(redis.get(lease)).isEqualTo("instance-a:1");
		assertThat(redis.pttl(lease)).isBetween(1L, 5000L);
	}

	@Test
	void anotherInstanceDoesNotGetAHeldLeaseNorChangeIt() {
		acquire("instance-a:1", "5000", "instance-a:");
		assertThat(acquire("instance-b:1", "9000", "instance-b:")).isZero();
		assertThat(acquire("instance-b:2", "9000", "")).as("without a prefix").isZero();
		assertThat(redis.get(lease)).isEqualTo("instance-a:1");
		assertThat(redis.pttl(lease)).isBetween(1L, 5000L);
	}

	@Test
	void aLeaseLeftByThisInstanceIsTakenOverWithTheNewTokenAndLeaseTime() {
		acquire("instance-a:1", "1000", "instance-a:");
		assertThat(acquire("instance-a:2", "60000", "instance-a:")).isEqualTo(1);
		assertThat(redis.get(lease)).isEqualTo("instance-a:2");
		assertThat(redis.pttl(lease)).isGreaterThan(1000L);
		assertThat(release("instance-a:1")).as("the old token no longer holds it").isZero();
		assertThat(redis.get(lease)).isEqualTo("instance-a:2");
	}

	@Test
	void withoutAPrefixThisInstanceWaitsLikeAnyOther() {
		acquire("instance-a:1", "5000", "instance-a:");
		assertThat(acquire("instance-a:2", "5000", "")).isZero();
		assertThat(redis.get(lease)).isEqualTo("instance-a:1");
	}

	@Test
	void onlyTheHolderReleases() {
		acquire("instance-a:1", "5000", "instance-a:");
		assertThat(release("instance-b:1")).isZero();
		assertThat(redis.get(lease)).isEqualTo("instance-a:1");
		assertThat(release("instance-a:1")).isEqualTo(1);
		assertThat(redis.exists(lease)).isZero();
		assertThat(release("instance-a:1")).as("a lease already gone").isZero();
	}

	@Test
	void aHolderWhoseLeaseExpiredDoesNotReleaseTheNextHoldersLease() {
		acquire("instance-a:1", "5000", "instance-a:");
		// Expiry, without waiting for it: the lease time is over.
		redis.del(lease);
		assertThat(acquire("instance-b:1", "5000", "instance-b:")).isEqualTo(1);
		assertThat(release("instance-a:1")).isZero();
		assertThat(redis.get(lease)).isEqualTo("instance-b:1");
	}

	@Test
	void ofManyConcurrentAcquiresExactlyOneWins() throws Exception {
		int callers = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		List<RedisCommands<String, String>> connections = new ArrayList<>();
		try {
			List<Future<Long>> results = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				RedisCommands<String, String> connection = ScriptRedis.connect();
				connections.add(connection);
				String instance = "instance-" + i + ":";
				results.add(pool.submit(() -> {
					start.await();
					return ScriptRedis.integer(connection, ScriptRedis.LEASE, new String[] { lease }, "acquire",
							instance + "1", "5000", instance);
				}));
			}
			start.countDown();
			long winners = 0;
			for (Future<Long> result : results) {
				winners += result.get(10, TimeUnit.SECONDS);
			}
			assertThat(winners).isEqualTo(1);
			assertThat(redis.get(lease)).startsWith("instance-");
		}
		finally {
			pool.shutdownNow();
			connections.forEach((connection) -> connection.getStatefulConnection().close());
		}
	}

	private long acquire(String token, String leaseMillis, String instancePrefix) {
		return ScriptRedis.integer(redis, ScriptRedis.LEASE, new String[] { lease }, "acquire", token, leaseMillis,
				instancePrefix);
	}

	private long release(String token) {
		return ScriptRedis.integer(redis, ScriptRedis.LEASE, new String[] { lease }, "release", token);
	}

}
