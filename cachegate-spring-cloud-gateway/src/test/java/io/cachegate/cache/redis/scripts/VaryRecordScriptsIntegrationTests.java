package io.cachegate.cache.redis.scripts;

import java.util.List;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The URL's vary record in {@code cache-lookup.lua} and {@code cache-store.lua} on a real
 * Redis: a lookup built with other names than the record's gets the record's names
 * instead of an entry; a store sets the names and lists its variant, drops the record for
 * an answer without Vary, and refuses a new variant past the bound once the variants
 * whose entries are gone have been dropped.
 */
class VaryRecordScriptsIntegrationTests {

	private static RedisCommands<String, String> redis;

	private final RouteKeys keys = RouteKeys.unique("vary");

	private final String record = keys.varyRecord("url");

	@BeforeAll
	static void open() {
		redis = ScriptRedis.connect();
	}

	@AfterAll
	static void close() {
		redis.getStatefulConnection().close();
	}

	@Test
	void aLookupWithTheRecordsNamesReadsTheEntryAnyOtherGetsTheNames() {
		assertThat(lookup(keys.entry("url"), "")).containsExactly("M", "0");
		assertThat(lookup(keys.entry("fr"), "accept-language")).containsExactly("V", "", "0");
		assertThat(store(keys.entry("fr"), "accept-language", "2")).isEqualTo(1);
		assertThat(lookup(keys.entry("url"), "")).containsExactly("V", "accept-language", "0");
		assertThat(lookup(keys.entry("fr"), "accept-language").get(0)).isEqualTo("H");
		assertThat(redis.hgetall(record)).containsEntry("=", "accept-language").containsKey(keys.entry("fr"));
		assertThat(redis.pttl(record)).isPositive();
	}

	@Test
	void anAnswerWithoutVaryDropsTheRecordAndOneWithOtherNamesStartsItAnew() {
		store(keys.entry("fr"), "accept-language", "2");
		store(keys.entry("gzip"), "accept-encoding", "2");
		assertThat(redis.hgetall(record)).containsOnlyKeys("=", keys.entry("gzip"))
			.containsEntry("=", "accept-encoding");
		store(keys.entry("url"), "", "2");
		assertThat(redis.exists(record)).isZero();
		assertThat(lookup(keys.entry("url"), "").get(0)).isEqualTo("H");
	}

	@Test
	void aNewVariantPastTheBoundIsRefusedUnlessAVariantsEntryIsGone() {
		assertThat(store(keys.entry("a"), "accept-language", "2")).isEqualTo(1);
		assertThat(store(keys.entry("b"), "accept-language", "2")).isEqualTo(1);
		assertThat(store(keys.entry("c"), "accept-language", "2")).as("a third variant").isZero();
		assertThat(redis.exists(keys.entry("c"))).isZero();
		assertThat(store(keys.entry("a"), "accept-language", "2")).as("a known variant again").isEqualTo(1);
		redis.del(keys.entry("b"));
		assertThat(store(keys.entry("c"), "accept-language", "2")).isEqualTo(1);
		assertThat(redis.hkeys(record)).containsExactlyInAnyOrder("=", keys.entry("a"), keys.entry("c"));
	}

	private List<Object> lookup(String entry, String names) {
		return ScriptRedis.multi(redis, ScriptRedis.LOOKUP, new String[] { entry, keys.sequence(), record },
				keys.tagPrefix(), names);
	}

	private long store(String entry, String names, String maxVariants) {
		return ScriptRedis.integer(redis, ScriptRedis.STORE, new String[] { entry, keys.sequence(), record },
				keys.tagPrefix(), "0", "60000", "uri:/url", "payload", "", names, maxVariants);
	}

}
