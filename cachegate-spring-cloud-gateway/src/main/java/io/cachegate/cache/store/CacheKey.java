package io.cachegate.cache.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Where one representation lives in Redis. The readable {@link #material()} (route,
 * method, path, query, vary values; never the {@code Authorization} header) is hashed
 * into the key so keys have a bounded length and leak nothing; the material itself is
 * kept inside the entry for the admin API.
 *
 * <p>
 * An answer whose {@code Vary} names request headers the route does not key on is one
 * variant of its URL: its material is the URL's ({@link #baseMaterial()}) plus the values
 * of those headers ({@link #varyNames()}), and the URL's vary record
 * ({@link #varyRecordKey()}) says which names its answers vary on (see
 * {@code scripts/cache-store.lua}).
 *
 * @param route the route id
 * @param path the normalized path (its URI tag is {@code uri:<path>})
 * @param material the readable key material
 * @param redisKey {@code <bucket>:e:<base64url SHA-256 of the material>}
 * @param baseMaterial the material without the variant's header values
 * @param varyNames the request header names the variant is chosen by (lower case, sorted,
 * comma separated), or empty
 * @param varyRecordKey {@code <bucket>:v:<base64url SHA-256 of the base material>}
 * @param bucket the index of the route's bucket the key lives in (chosen by the base
 * material, so every variant of a URL shares its bucket)
 * @param bucketPrefix that bucket's key prefix, {@code cg:{<route>}} or
 * {@code cg:{<route>:<k>}} (see {@link RedisKeys})
 */
public record CacheKey(String route, String path, String material, String redisKey, String baseMaterial,
		String varyNames, String varyRecordKey, int bucket, String bucketPrefix) {

	/**
	 * The key of a URL's answers that vary on no further request header, on a route kept
	 * in one bucket.
	 */
	public static CacheKey of(String route, String path, String material) {
		return of(route, 1, path, material);
	}

	/**
	 * The key of a URL's answers that vary on no further request header, on a route split
	 * into {@code buckets} buckets.
	 */
	public static CacheKey of(String route, int buckets, String path, String material) {
		return RECENT.get().of(route, buckets, path, material);
	}

	private static CacheKey compute(String route, int buckets, String path, String material) {
		byte[] digest = SHA256.get().digest(material.getBytes(StandardCharsets.UTF_8));
		String hash = BASE64URL.encodeToString(digest);
		int bucket = RedisKeys.bucketOf(digest, buckets);
		String prefix = RedisKeys.buckets(route, buckets).get(bucket);
		return new CacheKey(route, path, material, RedisKeys.entry(prefix, hash), material, "",
				RedisKeys.varyRecord(prefix, hash), bucket, prefix);
	}

	/**
	 * The keys a thread made last, one per slot of the material's hash: a hot key is
	 * hashed once per thread rather than on every read (its digest, Base64 and Redis key
	 * strings were about a tenth of a hit's allocation). A key is a pure function of its
	 * arguments, so a remembered one is always right; a slot is simply overwritten.
	 */
	private static final ThreadLocal<RecentKeys> RECENT = ThreadLocal.withInitial(RecentKeys::new);

	private static final class RecentKeys {

		private static final int SLOTS = 4096;

		private final CacheKey[] keys = new CacheKey[SLOTS];

		/** The bucket count each remembered key was made for. */
		private final int[] bucketCounts = new int[SLOTS];

		CacheKey of(String route, int buckets, String path, String material) {
			int slot = spread(material.hashCode()) & (SLOTS - 1);
			CacheKey known = keys[slot];
			if (known != null && bucketCounts[slot] == buckets && known.material.equals(material)
					&& known.route.equals(route) && known.path.equals(path)) {
				return known;
			}
			CacheKey made = compute(route, buckets, path, material);
			keys[slot] = made;
			bucketCounts[slot] = buckets;
			return made;
		}

		private static int spread(int hash) {
			return hash ^ (hash >>> 16);
		}

	}

	/**
	 * The key of one variant of the URL {@code base} names: its material is the base's
	 * plus {@code variant} (the values of the headers {@code varyNames} names).
	 */
	public static CacheKey variant(CacheKey base, String varyNames, String variant) {
		if (varyNames.isEmpty()) {
			return base.varyNames.isEmpty() ? base
					: new CacheKey(base.route, base.path, base.baseMaterial,
							RedisKeys.entry(base.bucketPrefix, sha256(base.baseMaterial)), base.baseMaterial, "",
							base.varyRecordKey, base.bucket, base.bucketPrefix);
		}
		String material = base.baseMaterial + variant;
		return new CacheKey(base.route, base.path, material, RedisKeys.entry(base.bucketPrefix, sha256(material)),
				base.baseMaterial, varyNames, base.varyRecordKey, base.bucket, base.bucketPrefix);
	}

	/**
	 * One digest per thread, reset by each use: looking the algorithm up per key cost a
	 * reflective construction.
	 */
	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	});

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private static String sha256(String material) {
		byte[] digest = SHA256.get().digest(material.getBytes(StandardCharsets.UTF_8));
		return BASE64URL.encodeToString(digest);
	}

}
