package io.cachegate.cache.redis.scripts;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's scripts on a real Redis: one entry as stored
 * ({@code cache-admin-entry.lua}), a page of entries with their key material
 * ({@code cache-admin-scan.lua}, read from the entry's encoded value without decoding the
 * rest), and the memory report ({@code cache-admin-memory.lua}).
 */
class AdminScriptsIntegrationTests {

	@RegisterExtension
	static final ScriptRedisConnection REDIS = new ScriptRedisConnection();

	private final RedisCommands<String, String> redis = REDIS.commands();

	private final RedisCommands<byte[], byte[]> bytes = REDIS.bytes();

	private final RouteKeys keys = RouteKeys.unique("admin");

	@Test
	void anAbsentEntryIsAnEmptyList() {
		assertThat(entry(keys.entry("none"))).isEmpty();
		redis.hset(keys.entry("no-value"), "s", "3");
		assertThat(entry(keys.entry("no-value"))).as("a hash without a payload is no entry").isEmpty();
	}

	@Test
	void anEntryComesWithItsStampTimeLeftAndMemoryUsage() {
		String key = keys.entry("e1");
		redis.hset(key, Map.of("v", "payload", "s", "12", "t", "uri:/e1"));
		redis.pexpire(key, 60000);
		List<Object> found = entry(key);
		assertThat(found).hasSize(4);
		assertThat(found.get(0)).isEqualTo("payload");
		assertThat(found.get(1)).isEqualTo("12");
		assertThat(Long.parseLong((String) found.get(2))).isBetween(1L, 60000L);
		assertThat(Long.parseLong((String) found.get(3))).isEqualTo(redis.memoryUsage(key));
	}

	@Test
	void anEntryWithoutStampOrExpiryShowsMinusOneForThem() {
		String key = keys.entry("e1");
		redis.hset(key, "v", "payload");
		List<Object> found = entry(key);
		assertThat(found.get(1)).isEqualTo("-1");
		assertThat(found.get(2)).isEqualTo("-1");
		redis.del(key);
	}

	@Test
	void pagesThroughEveryEntryOfTheRouteWithItsKeyMaterialAndTimeLeft() throws IOException {
		Map<String, String> stored = new HashMap<>();
		for (int i = 0; i < 25; i++) {
			String material = "GET /users/" + i + " é";
			store(keys.entry("h" + i), encoded(material, "body " + i));
			stored.put(keys.entry("h" + i), material);
		}
		redis.set(keys.sequence(), "3");
		redis.set(keys.tag("users"), "3:0:0");
		RouteKeys other = RouteKeys.unique("admin-other");
		store(other.entry("h1"), encoded("GET /other", "x"));

		Map<String, String> found = new HashMap<>();
		String cursor = "0";
		int pages = 0;
		do {
			List<Object> page = ScriptRedis.multi(redis, ScriptRedis.ADMIN_SCAN, new String[0], cursor,
					keys.slot() + ":e:*", "5");
			assertThat((page.size() - 1) % 3).as("the cursor, then triples").isZero();
			cursor = (String) page.get(0);
			for (int i = 1; i < page.size(); i += 3) {
				found.put((String) page.get(i), (String) page.get(i + 1));
				assertThat(Long.parseLong((String) page.get(i + 2))).isBetween(1L, 60000L);
			}
			pages++;
		}
		while (!cursor.equals("0") && pages < 10_000);
		assertThat(cursor).as("the scan ends").isEqualTo("0");
		assertThat(pages).as("COUNT is a hint per page").isGreaterThan(1);
		assertThat(found).isEqualTo(stored);
		bytes.del(other.entry("h1").getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aValueTooShortToHoldKeyMaterialHasNone() {
		String key = keys.entry("short");
		redis.hset(key, "v", "0123456789");
		redis.pexpire(key, 60000);
		List<Object> page = scanAll();
		assertThat(page).containsExactly(key, "");
	}

	@Test
	void theMemoryReportSumsTheSampleOfEntriesThatStillExistAndNamesItsServer() {
		String first = keys.entry("m1");
		String second = keys.entry("m2");
		redis.hset(first, "v", "a".repeat(1000));
		redis.hset(second, "v", "b".repeat(100));
		List<Object> report = ScriptRedis.multi(redis, ScriptRedis.ADMIN_MEMORY,
				new String[] { first, second, keys.entry("gone") });
		assertThat(report).hasSize(4);
		assertThat(Long.parseLong((String) report.get(0))).isPositive();
		assertThat(Long.parseLong((String) report.get(1)))
			.isEqualTo(redis.memoryUsage(first) + redis.memoryUsage(second));
		assertThat(report.get(2)).isEqualTo("2");
		// The server's run id, which tells the nodes of a cluster apart.
		assertThat(redis.info("server")).contains("run_id:" + report.get(3));
		redis.del(first, second);
	}

	@Test
	void theMemoryReportOfAnEmptySampleHasNoBytes() {
		List<Object> report = ScriptRedis.multi(redis, ScriptRedis.ADMIN_MEMORY, new String[0]);
		assertThat(report.subList(1, 3)).containsExactly("0", "0");
	}

	private List<Object> entry(String key) {
		return ScriptRedis.multi(redis, ScriptRedis.ADMIN_ENTRY, new String[] { key });
	}

	/** Keys and materials (no time left) of every page of this route's entries. */
	private List<Object> scanAll() {
		List<Object> out = new ArrayList<>();
		String cursor = "0";
		do {
			List<Object> page = ScriptRedis.multi(redis, ScriptRedis.ADMIN_SCAN, new String[0], cursor,
					keys.slot() + ":e:*", "100");
			cursor = (String) page.get(0);
			for (int i = 1; i < page.size(); i += 3) {
				out.add(page.get(i));
				out.add(page.get(i + 1));
			}
		}
		while (!cursor.equals("0"));
		return out;
	}

	private void store(String key, byte[] value) {
		byte[] name = key.getBytes(StandardCharsets.UTF_8);
		bytes.hset(name, "v".getBytes(StandardCharsets.UTF_8), value);
		bytes.pexpire(name, 60000);
	}

	/**
	 * A value laid out as the gateway encodes entries: a format byte, the status, four
	 * times in milliseconds (35 bytes), then the key material as length-prefixed UTF-8,
	 * then the rest.
	 */
	private static byte[] encoded(String material, String body) throws IOException {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(buffer)) {
			out.writeByte(1);
			out.writeShort(200);
			out.writeLong(System.currentTimeMillis());
			out.writeLong(60_000);
			out.writeLong(-1);
			out.writeLong(0xFFL << 48);
			out.writeUTF(material);
			out.writeShort(0);
			out.writeShort(0);
			out.writeInt(body.length());
			out.write(body.getBytes(StandardCharsets.UTF_8));
		}
		return buffer.toByteArray();
	}

}
