package io.cachegate.gateway.cache.store;

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
 * @param route the route id
 * @param path the normalized path (its URI tag is {@code uri:<path>})
 * @param material the readable key material
 * @param redisKey {@code cg:{<route>}:e:<base64url SHA-256 of the material>}
 */
public record CacheKey(String route, String path, String material, String redisKey) {

	public static CacheKey of(String route, String path, String material) {
		return new CacheKey(route, path, material, RedisKeys.entry(route, sha256(material)));
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
