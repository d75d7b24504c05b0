package io.cachegate.cache.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheKeyTests {

	@Test
	void theSameMaterialGivesTheSameKeyObjectOnOneThread() {
		CacheKey first = CacheKey.of("users", "/users/42", "users GET /users/42 role=ADMIN");
		CacheKey again = CacheKey.of("users", "/users/42", "users GET /users/42 role=ADMIN");

		assertThat(again).isSameAs(first);
		assertThat(first.redisKey()).startsWith("cg:{users}:e:");
	}

	@Test
	void materialsThatShareASlotEachGetTheirOwnKey() {
		// "Aa" and "BB" have the same String hash code, so they take the same slot.
		CacheKey aa = CacheKey.of("r", "/p", "Aa");
		CacheKey bb = ownKeyAfter(aa, "r", "/p", "BB");

		assertThat(bb.redisKey()).isNotEqualTo(aa.redisKey());
	}

	@Test
	void aRememberedKeyIsNotTakenForAnotherRouteOrPath() {
		CacheKey users = CacheKey.of("users", "/x", "same material");
		CacheKey other = ownKeyAfter(users, "other", "/x", "same material");
		ownKeyAfter(users, "users", "/y", "same material");

		assertThat(other.redisKey()).isNotEqualTo(users.redisKey());
	}

	/**
	 * The key of the route, path and material, made while {@code earlier} is remembered
	 * in the same slot: it is that key, not the remembered one, and {@code earlier} is
	 * still found again afterwards.
	 */
	private static CacheKey ownKeyAfter(CacheKey earlier, String route, String path, String material) {
		CacheKey key = CacheKey.of(route, path, material);
		assertThat(key).extracting(CacheKey::route, CacheKey::path, CacheKey::material)
			.containsExactly(route, path, material);
		assertThat(CacheKey.of(earlier.route(), earlier.path(), earlier.material())).isEqualTo(earlier);
		return key;
	}

}
