package io.cachegate.cache.store;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * The cache's Redis keys. A route's keys are split into buckets, each with its own hash
 * tag, so each Lua script touches keys of one slot (one Redis Cluster node) while a
 * route's entries spread over the cluster. With one bucket (the default) the hash tag is
 * {@code {<route>}}; with {@code n} buckets, bucket {@code b}'s is {@code {<route>:<k>}},
 * {@code k} the smallest number whose slot lies in the {@code b}-th of {@code n} equal
 * parts of the 16,384 slots: the buckets sit evenly spaced over the slots, so masters
 * owning equal ranges of slots (as {@code redis-cli --cluster create} assigns them) hold
 * equal numbers of buckets. Sequential suffixes would not: the slots of {@code users:0}
 * to {@code users:11} put 7 of 12 buckets on one of three masters.
 *
 * <p>
 * Every bucket has all the keys below ({@code <bucket>} is {@code cg:{...}}):
 * <ul>
 * <li>{@code <bucket>:e:<hash>}: an entry, a hash with fields {@code v} (the encoded
 * response, see {@link EntryCodec}), {@code s} (the bucket's sequence number it was
 * stamped with), {@code t} (its tags, one per line), {@code n} (its numeric version, from
 * the ETag, when it has one). TTL: freshness + the longest of its stale windows and (with
 * a validator) its stale retention, never more than the tag retention.</li>
 * <li>{@code <bucket>:v:<hash of the URL's key material>}: the URL's vary record, a hash:
 * {@code =} the request header names its answers vary on, then one field per variant's
 * entry key. TTL: that of its longest-lived variant.</li>
 * <li>{@code <bucket>:seq}: the bucket's invalidation sequence, incremented by every
 * invalidation. No TTL.</li>
 * <li>{@code <bucket>:t:<tag>}: the tag's mark in this bucket. TTL: the tag
 * retention.</li>
 * </ul>
 * An entry's bucket is chosen by the hash of its URL's key material (the vary record's
 * hash), so a URL's vary record, its variants and their leases share one bucket. Basic
 * tokens ({@code cg:basic:<hmac>}) are described in the auth package.
 */
final class RedisKeys {

	static final String PREFIX = "cg:";

	/** Redis Cluster's slot count. */
	private static final int SLOTS = 16_384;

	/** The bucket prefixes of each route and bucket count, computed once. */
	private static final Map<String, List<String>> BUCKETS = new ConcurrentHashMap<>();

	private RedisKeys() {
	}

	/** The prefixes ({@code cg:{...}}) of a route's buckets, in bucket order. */
	static List<String> buckets(String route, int count) {
		return BUCKETS.computeIfAbsent(count + " " + route,
				any -> IntStream.range(0, count)
					.mapToObj(bucket -> PREFIX + "{" + bucketTag(safe(route), count, bucket) + "}")
					.toList());
	}

	/** The bucket of a key material's digest. */
	static int bucketOf(byte[] digest, int count) {
		int head = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8)
				| (digest[3] & 0xff);
		return Integer.remainderUnsigned(head, count);
	}

	static String entry(String bucket, String hash) {
		return bucket + ":e:" + hash;
	}

	static String varyRecord(String bucket, String hash) {
		return bucket + ":v:" + hash;
	}

	static String sequence(String bucket) {
		return bucket + ":seq";
	}

	static String tagPrefix(String bucket) {
		return bucket + ":t:";
	}

	/** The route a bucket prefix or key belongs to ({@code cg:{users:17}:...}: users). */
	static String routeOf(String key) {
		int open = key.indexOf('{');
		int close = key.indexOf('}', open + 1);
		if (open < 0 || close < open) {
			return "";
		}
		String tag = key.substring(open + 1, close);
		int colon = tag.lastIndexOf(':');
		return colon < 0 ? tag : tag.substring(0, colon);
	}

	private static String bucketTag(String route, int count, int bucket) {
		if (count == 1) {
			return route;
		}
		int from = (int) ((long) bucket * SLOTS / count);
		int to = (int) ((long) (bucket + 1) * SLOTS / count);
		for (int k = 0;; k++) {
			String tag = route + ":" + k;
			int slot = slot(tag);
			if (slot >= from && slot < to) {
				return tag;
			}
		}
	}

	/**
	 * Braces inside the id would change the hash tag; route ids are plain names anyway.
	 */
	private static String safe(String route) {
		return route.replace('{', '_').replace('}', '_');
	}

	/** Redis Cluster's slot of a key without braces: CRC16 (XMODEM) mod 16,384. */
	static int slot(String key) {
		int crc = 0;
		for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
			crc ^= (b & 0xff) << 8;
			for (int i = 0; i < 8; i++) {
				crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
			}
			crc &= 0xffff;
		}
		return crc % SLOTS;
	}

}
