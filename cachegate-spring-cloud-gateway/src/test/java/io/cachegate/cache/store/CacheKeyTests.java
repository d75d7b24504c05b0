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
		CacheKey bb = CacheKey.of("r", "/p", "BB");
		CacheKey aaAgain = CacheKey.of("r", "/p", "Aa");

		assertThat(bb.material()).isEqualTo("BB");
		assertThat(bb.redisKey()).isNotEqualTo(aa.redisKey());
		assertThat(aaAgain).isEqualTo(aa);
	}

	@Test
	void aRememberedKeyIsNotTakenForAnotherRouteOrPath() {
		CacheKey users = CacheKey.of("users", "/x", "same material");
		CacheKey other = CacheKey.of("other", "/x", "same material");
		CacheKey otherPath = CacheKey.of("users", "/y", "same material");

		assertThat(other.route()).isEqualTo("other");
		assertThat(other.redisKey()).isNotEqualTo(users.redisKey());
		assertThat(otherPath.path()).isEqualTo("/y");
	}

}
