package io.cachegate.cache.store;

import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cachegate.cache.redis.LuaScript;
import io.cachegate.stack.Infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of the three scripts that read or write tag marks (lookup, store,
 * invalidate, with {@code tag-marks.lua} in front), run on a real Redis with nothing
 * around them: which change kills which entry, by sequence and by version. Each test has
 * a route of its own on the shared test database.
 */
class TagMarksScriptsIntegrationTests {

	private static final RedisClient CLIENT = RedisClient.create(Infrastructure.redis().url(3));

	private static final RedisCommands<String, String> REDIS = CLIENT.connect().sync();

	private static final String LOOKUP = LuaScript.load("scripts/tag-marks.lua", "scripts/cache-lookup.lua", List.class)
		.getScriptAsString();

	private static final String STORE = LuaScript.load("scripts/tag-marks.lua", "scripts/cache-store.lua", Long.class)
		.getScriptAsString();

	private static final String INVALIDATE = LuaScript
		.load("scripts/tag-marks.lua", "scripts/cache-invalidate.lua", List.class)
		.getScriptAsString();

	private final String route = "marks-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

	private final String bucket = RedisKeys.buckets(route, 1).get(0);

	private final String entry = RedisKeys.entry(bucket, "e1");

	@AfterAll
	static void close() {
		CLIENT.shutdown();
	}

	@Test
	void aChangeToTheVersionAnEntryHoldsLeavesItAndALaterOneKillsIt() {
		assertThat(store(sequence(), "3", "user:1")).isPositive();
		invalidate("user:1=3");
		assertThat(lookup()).as("the change of version 3 is in it").isEqualTo("H");
		invalidate("user:1=2");
		assertThat(lookup()).as("an older change").isEqualTo("H");
		invalidate("user:1=4");
		assertThat(lookup()).isEqualTo("M");
		assertThat(REDIS.exists(entry)).as("a dead entry is deleted").isZero();
	}

	@Test
	void aChangeWithoutAVersionKillsWhateverTheEntryHolds() {
		store(sequence(), "3", "user:1");
		invalidate("user:1");
		assertThat(lookup()).isEqualTo("M");
	}

	@Test
	void anEntryWithoutAVersionDiesOfAnyLaterChange() {
		store(sequence(), "", "users");
		invalidate("users=1");
		assertThat(lookup()).isEqualTo("M");
	}

	@Test
	void aReadThatCrossedTheChangeOfItsOwnVersionIsStoredButAnOlderOneIsNot() {
		long snapshot = sequence();
		invalidate("user:1=5");
		assertThat(store(snapshot, "5", "user:1")).as("the read brought version 5 back").isPositive();
		assertThat(lookup()).isEqualTo("H");
		REDIS.del(entry);
		assertThat(store(snapshot, "4", "user:1")).as("it brought version 4 back").isZero();
		// Version 4 after version 5 was announced is old whenever its read began.
		assertThat(store(sequence(), "4", "user:1")).isZero();
	}

	@Test
	void aWriteThroughIsNoConflictWithItsOwnChangeEventButIsWithALaterVersion() {
		long snapshot = sequence();
		// The write's change event (version 7) reached Redis before the write's answer.
		invalidate("user:1=7");
		assertThat(writeThrough(snapshot, "7")).isEqualTo("stored");
		assertThat(lookup()).isEqualTo("H");
		long next = sequence();
		invalidate("user:1=9");
		assertThat(writeThrough(next, "8")).isEqualTo("conflict");
		assertThat(lookup()).isEqualTo("M");
	}

	@Test
	void aLiveNewerEntryIsKeptWhenAnOlderWriteArrivesLate() {
		store(sequence(), "9", "user:1");
		assertThat(writeThrough(sequence(), "8")).isEqualTo("kept");
		assertThat(REDIS.hget(entry, "n")).isEqualTo("9");
		assertThat(lookup()).isEqualTo("H");
	}

	@Test
	void aChangeWithoutAVersionStartsTheVersionsOfTheTagAnew() {
		invalidate("user:1=12");
		// Deleted, then created again under the same tag (plain SQL can reuse an id):
		// versions start over.
		invalidate("user:1");
		assertThat(store(sequence(), "0", "user:1")).isPositive();
		invalidate("user:1=0");
		assertThat(lookup()).isEqualTo("H");
		invalidate("user:1=1");
		assertThat(lookup()).isEqualTo("M");
	}

	@Test
	void aMarkOfTheOlderFormatCountsAsAChangeWithoutAVersion() {
		store(sequence(), "3", "user:1");
		REDIS.set(RedisKeys.tagPrefix(bucket) + "user:1", Long.toString(REDIS.incr(RedisKeys.sequence(bucket))));
		assertThat(lookup()).isEqualTo("M");
	}

	@Test
	void invalidatingTheImplicitTagDropsEveryEntryWhateverItsVersion() {
		store(sequence(), "3", "user:1");
		invalidate("*");
		assertThat(lookup()).isEqualTo("M");
	}

	private long sequence() {
		String value = REDIS.get(RedisKeys.sequence(bucket));
		return value == null ? 0 : Long.parseLong(value);
	}

	private String lookup() {
		List<Object> result = REDIS.eval(LOOKUP, ScriptOutputType.MULTI,
				new String[] { entry, RedisKeys.sequence(bucket) }, RedisKeys.tagPrefix(bucket));
		return String.valueOf(result.get(0));
	}

	private long store(long snapshot, String version, String tag) {
		return REDIS.eval(STORE, ScriptOutputType.INTEGER, new String[] { entry, RedisKeys.sequence(bucket) },
				RedisKeys.tagPrefix(bucket), Long.toString(snapshot), "60000", "uri:/e1\n" + tag, "payload", version);
	}

	/** Invalidates {@code tag} or {@code tag=version} pairs, without a write-through. */
	private void invalidate(String... changes) {
		invalidation(changes, "", "", "");
	}

	private String writeThrough(long snapshot, String version) {
		return invalidation(new String[] { "user:1=" + version }, Long.toString(snapshot), version, "uri:/e1\nuser:1");
	}

	private String invalidation(String[] changes, String snapshot, String version, String entryTags) {
		List<String> tags = new ArrayList<>();
		List<String> versions = new ArrayList<>();
		for (String change : changes) {
			String[] parts = change.split("=");
			tags.add(parts[0]);
			versions.add(parts.length > 1 ? parts[1] : "-");
		}
		List<Object> result = REDIS.eval(INVALIDATE, ScriptOutputType.MULTI,
				new String[] { RedisKeys.sequence(bucket), entry }, RedisKeys.tagPrefix(bucket), "86400000",
				String.join("\n", tags), String.join("\n", versions), snapshot, "60000", entryTags, "payload", version);
		return String.valueOf(result.get(1));
	}

}
