package io.cachegate.cache.redis.scripts;

import java.util.List;
import java.util.Map;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cache-lookup.lua} and {@code cache-store.lua} on a real Redis: what each
 * returns, what the store writes, and that a fill is refused when an invalidation it may
 * not show happened after its lookup. Which change kills which entry by version is the
 * subject of the tag-marks tests; here each script's inputs and outputs.
 */
class ReadScriptsIntegrationTests {

	@RegisterExtension
	static final ScriptRedisConnection REDIS = new ScriptRedisConnection();

	private final RedisCommands<String, String> redis = REDIS.commands();

	private final RouteKeys keys = RouteKeys.unique("read");

	private final String entry = keys.entry("e1");

	@Test
	void aLookupOfAnAbsentEntryIsAMissWithTheRoutesSequence() {
		assertThat(lookup()).containsExactly("M", "0");
		redis.set(keys.sequence(), "41");
		assertThat(lookup()).containsExactly("M", "41");
	}

	@Test
	void aStoreWritesTheEntryStampedWithTheSnapshotAndReturnsTheSequenceItWasAliveAtPlusOne() {
		redis.set(keys.sequence(), "7");
		assertThat(store("7", "60000", "uri:/e1\nuser:1", "payload-1", "3")).isEqualTo(8);
		Map<String, String> stored = redis.hgetall(entry);
		assertThat(stored)
			.containsExactlyInAnyOrderEntriesOf(Map.of("s", "7", "t", "uri:/e1\nuser:1", "v", "payload-1", "n", "3"));
		assertThat(redis.pttl(entry)).isBetween(1L, 60000L);
	}

	@Test
	void aLookupOfALiveEntryIsAHitWithThePayloadItsTimeLeftAndTheSequence() {
		redis.set(keys.sequence(), "2");
		store("2", "60000", "uri:/e1", "payload-1", "");
		List<Object> hit = lookup();
		assertThat(hit).hasSize(4);
		assertThat(hit.get(0)).isEqualTo("H");
		assertThat(hit.get(1)).isEqualTo("payload-1");
		assertThat(Long.parseLong((String) hit.get(2))).isBetween(1L, 60000L);
		assertThat(hit.get(3)).isEqualTo("2");
	}

	@Test
	void aStoreReplacesTheWholeEntryLeavingNoFieldOfTheOldOne() {
		store("0", "60000", "uri:/e1", "old", "5");
		assertThat(store("0", "30000", "uri:/e1", "new", "")).isEqualTo(1);
		assertThat(redis.hgetall(entry)).containsEntry("v", "new").containsEntry("n", "");
		assertThat(redis.pttl(entry)).isBetween(1L, 30000L);
	}

	@Test
	void aFillIsRefusedWhenOneOfItsTagsWasInvalidatedAfterItsLookup() {
		String snapshot = (String) lookup().get(1);
		invalidate("user:1");
		assertThat(store(snapshot, "60000", "uri:/e1\nuser:1", "payload", "")).isZero();
		assertThat(redis.exists(entry)).as("nothing written").isZero();
	}

	@Test
	void aFillIsRefusedWhenTheWholeRouteWasInvalidatedAfterItsLookup() {
		String snapshot = (String) lookup().get(1);
		invalidate("*");
		assertThat(store(snapshot, "60000", "uri:/e1", "payload", "")).isZero();
	}

	@Test
	void aFillIsStoredWhenOnlyOtherTagsChangedAfterItsLookupOrItsTagsChangedBefore() {
		invalidate("user:1");
		String snapshot = (String) lookup().get(1);
		invalidate("user:2");
		assertThat(store(snapshot, "60000", "uri:/e1\nuser:1", "payload", "")).isEqualTo(3);
		assertThat(lookup().get(0)).isEqualTo("H");
	}

	@Test
	void anEntryKilledByALaterInvalidationIsAMissAndIsDeleted() {
		store("0", "60000", "uri:/e1\nuser:1", "payload", "");
		invalidate("user:1");
		assertThat(lookup()).containsExactly("M", "1");
		assertThat(redis.exists(entry)).isZero();
	}

	@Test
	void anOlderVersionDoesNotReplaceANewerLiveEntryButReplacesADeadOne() {
		store("0", "60000", "uri:/e1\nuser:1", "version-9", "9");
		assertThat(store("0", "60000", "uri:/e1\nuser:1", "version-8", "8")).isZero();
		assertThat(redis.hget(entry, "v")).isEqualTo("version-9");
		invalidate("*");
		String snapshot = (String) lookup().get(1);
		redis.hset(entry, Map.of("s", "0", "t", "uri:/e1\nuser:1", "v", "version-9", "n", "9"));
		assertThat(store(snapshot, "60000", "uri:/e1\nuser:1", "version-8", "8")).as("the newer one is dead")
			.isPositive();
		assertThat(redis.hget(entry, "v")).isEqualTo("version-8");
	}

	private List<Object> lookup() {
		return ScriptRedis.multi(redis, ScriptRedis.LOOKUP, new String[] { entry, keys.sequence() }, keys.tagPrefix());
	}

	private long store(String snapshot, String ttl, String tags, String payload, String version) {
		return ScriptRedis.integer(redis, ScriptRedis.STORE, new String[] { entry, keys.sequence() }, keys.tagPrefix(),
				snapshot, ttl, tags, payload, version);
	}

	private void invalidate(String tag) {
		ScriptRedis.multi(redis, ScriptRedis.INVALIDATE, new String[] { keys.sequence(), entry }, keys.tagPrefix(),
				"86400000", tag, "-", "", "", "", "", "");
	}

}
