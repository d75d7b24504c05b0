package io.cachegate.cache.redis.scripts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * {@code cache-invalidate.lua} on a real Redis: the sequence number each invalidation
 * takes, the marks it writes (their form and retention), the write-through it does or
 * refuses, and that concurrent invalidations never lose a change.
 */
class InvalidateScriptIntegrationTests {

	@RegisterExtension
	static final ScriptRedisConnection REDIS = new ScriptRedisConnection();

	private final RedisCommands<String, String> redis = REDIS.commands();

	private final RouteKeys keys = RouteKeys.unique("invalidate");

	private final String entry = keys.entry("e1");

	@Test
	void eachInvalidationTakesTheNextSequenceNumber() {
		assertThat(invalidate(redis, "user:1", "-")).containsExactly("1", "invalidated");
		assertThat(invalidate(redis, "user:1", "-")).containsExactly("2", "invalidated");
		assertThat(redis.get(keys.sequence())).isEqualTo("2");
	}

	@Test
	void marksEveryTagListedWithItsOwnVersionForTheRetention() {
		redis.set(keys.sequence(), "4");
		invalidate(redis, "user:1\nusers\nuser:2", "7\n-\n3");
		assertThat(redis.get(keys.tag("user:1"))).isEqualTo("0:5:7");
		assertThat(redis.get(keys.tag("users"))).isEqualTo("5:0:0");
		assertThat(redis.get(keys.tag("user:2"))).isEqualTo("0:5:3");
		assertThat(redis.pttl(keys.tag("users"))).isBetween(1L, 86400000L);
	}

	@Test
	void aVersionedChangeKeepsTheLastUnversionedOneAndTheHighestVersion() {
		invalidate(redis, "user:1", "-");
		invalidate(redis, "user:1", "9");
		assertThat(redis.get(keys.tag("user:1"))).isEqualTo("1:2:9");
		invalidate(redis, "user:1", "4");
		assertThat(redis.get(keys.tag("user:1"))).as("a lower version arriving late").isEqualTo("1:3:9");
	}

	@Test
	void withoutASnapshotNothingIsWrittenThrough() {
		redis.hset(entry, Map.of("s", "0", "t", "uri:/e1", "v", "before", "n", ""));
		assertThat(invalidation("user:1", "-", "", "uri:/e1\nuser:1", "after", "")).containsExactly("1", "invalidated");
		assertThat(redis.hget(entry, "v")).as("untouched").isEqualTo("before");
	}

	@Test
	void aWriteThroughStoresTheRepresentationStampedWithItsOwnSequenceNumber() {
		redis.set(keys.sequence(), "10");
		assertThat(invalidation("user:1", "5", "10", "uri:/e1\nuser:1", "written", "5")).containsExactly("11",
				"stored");
		assertThat(redis.hgetall(entry))
			.containsExactlyInAnyOrderEntriesOf(Map.of("s", "11", "t", "uri:/e1\nuser:1", "v", "written", "n", "5"));
		assertThat(redis.pttl(entry)).isBetween(1L, 60000L);
		List<Object> hit = ScriptRedis.multi(redis, ScriptRedis.LOOKUP, new String[] { entry, keys.sequence() },
				keys.tagPrefix());
		assertThat(hit.get(0)).as("alive after its own change").isEqualTo("H");
	}

	@Test
	void aWriteThroughIsRefusedAfterAnUnorderedChangeSinceItsSnapshotButTheChangeIsStillRecorded() {
		redis.hset(entry, Map.of("s", "0", "t", "uri:/e1\nuser:1", "v", "before", "n", ""));
		invalidate(redis, "user:1", "-");
		assertThat(invalidation("user:1", "5", "0", "uri:/e1\nuser:1", "written", "5")).containsExactly("2",
				"conflict");
		assertThat(redis.hget(entry, "v")).isEqualTo("before");
		assertThat(redis.get(keys.tag("user:1"))).isEqualTo("1:2:5");
	}

	@Test
	void concurrentInvalidationsEachTakeTheirOwnNumberAndTheMarkHoldsTheLast() throws Exception {
		int callers = 8;
		int each = 25;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(callers);
		List<RedisCommands<String, String>> connections = new ArrayList<>();
		try {
			List<Future<List<Long>>> results = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				RedisCommands<String, String> connection = ScriptRedis.connect();
				connections.add(connection);
				results.add(pool.submit(() -> {
					start.await();
					List<Long> numbers = new ArrayList<>();
					for (int n = 0; n < each; n++) {
						numbers.add(Long.parseLong((String) invalidate(connection, "users", "-").get(0)));
					}
					return numbers;
				}));
			}
			start.countDown();
			List<Long> numbers = new ArrayList<>();
			for (Future<List<Long>> result : results) {
				numbers.addAll(result.get(30, TimeUnit.SECONDS));
			}
			long total = (long) callers * each;
			assertThat(numbers).doesNotHaveDuplicates().hasSize((int) total).allMatch((n) -> n >= 1 && n <= total);
			// Each script's INCR and SET run as one: no invalidation that took a lower
			// number can write its mark after one that took a higher number.
			assertThat(redis.get(keys.tag("users"))).isEqualTo(total + ":0:0");
		}
		finally {
			pool.shutdownNow();
			connections.forEach((connection) -> connection.getStatefulConnection().close());
		}
	}

	private List<Object> invalidate(RedisCommands<String, String> redis, String tags, String versions) {
		return ScriptRedis.multi(redis, ScriptRedis.INVALIDATE, new String[] { keys.sequence(), entry },
				keys.tagPrefix(), "86400000", tags, versions, "", "", "", "", "");
	}

	private List<Object> invalidation(String tags, String versions, String snapshot, String entryTags, String payload,
			String version) {
		return ScriptRedis.multi(redis, ScriptRedis.INVALIDATE, new String[] { keys.sequence(), entry },
				keys.tagPrefix(), "86400000", tags, versions, snapshot, "60000", entryTags, payload, version);
	}

}
