package io.cachegate.gateway.cache.store;

/**
 * The cache's Redis keys. All keys of one route share the hash tag {@code {<route>}}, so
 * each Lua script touches keys of one slot (Redis Cluster ready); a route's keys
 * therefore live on one shard.
 *
 * <ul>
 * <li>{@code cg:{<route>}:e:<hash>}: an entry, a hash with fields {@code v} (the encoded
 * response, see {@link EntryCodec}), {@code s} (the route sequence number it was stamped
 * with), {@code t} (its tags, one per line), {@code n} (its numeric version, from the
 * ETag, when it has one). TTL: freshness + the longest of its stale windows and (with a
 * validator) its stale retention, never more than the tag retention.</li>
 * <li>{@code cg:{<route>}:v:<hash of the URL's key material>}: the URL's vary record, a
 * hash: {@code =} the request header names its answers vary on, then one field per
 * variant's entry key. TTL: that of its longest-lived variant.</li>
 * <li>{@code cg:{<route>}:seq}: the route's invalidation sequence, incremented by every
 * invalidation. No TTL.</li>
 * <li>{@code cg:{<route>}:t:<tag>}: the sequence number of the tag's last invalidation.
 * TTL: the tag retention.</li>
 * </ul>
 * Basic tokens ({@code cg:basic:<hmac>}) are described in the auth package.
 */
final class RedisKeys {

	static final String PREFIX = "cg:";

	private RedisKeys() {
	}

	static String entry(String route, String hash) {
		return slot(route) + ":e:" + hash;
	}

	static String varyRecord(String route, String hash) {
		return slot(route) + ":v:" + hash;
	}

	static String sequence(String route) {
		return slot(route) + ":seq";
	}

	static String tagPrefix(String route) {
		return slot(route) + ":t:";
	}

	private static String slot(String route) {
		// Braces inside the id would change the hash tag; route ids are plain names
		// anyway.
		return PREFIX + "{" + route.replace('{', '_').replace('}', '_') + "}";
	}

}
