package io.cachegate.cache.store;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedisKeysTests {

	@Test
	void oneBucketKeepsTheRoutesOwnHashTag() {
		assertThat(RedisKeys.buckets("users", 1)).containsExactly("cg:{users}");
		CacheKey key = CacheKey.of("users", 1, "/users/1", "users GET /users/1 role=USER");
		assertThat(key.redisKey()).startsWith("cg:{users}:e:");
		assertThat(key.bucket()).isZero();
	}

	@Test
	void computesTheSlotsRedisClusterComputes() {
		// CLUSTER KEYSLOT foo, and the CRC16 check value of "123456789" (0x31C3).
		assertThat(RedisKeys.slot("foo")).isEqualTo(12182);
		assertThat(RedisKeys.slot("123456789")).isEqualTo(0x31C3);
	}

	@Test
	void bucketsSitEvenlySpacedOverTheSlotsSoEqualSlotRangesHoldEqualShares() {
		List<String> buckets = RedisKeys.buckets("users", 12);
		assertThat(buckets).doesNotHaveDuplicates().allMatch(bucket -> bucket.matches("cg:\\{users:[0-9]+\\}"));
		for (int bucket = 0; bucket < 12; bucket++) {
			String tag = buckets.get(bucket).substring(4, buckets.get(bucket).length() - 1);
			assertThat(RedisKeys.slot(tag)).as(tag).isBetween(bucket * 16384 / 12, (bucket + 1) * 16384 / 12 - 1);
		}
		// The three masters of redis-cli --cluster create own slots 0-5460, 5461-10922
		// and 10923-16383.
		Map<Integer, Long> perMaster = buckets.stream()
			.map(bucket -> RedisKeys.slot(bucket.substring(4, bucket.length() - 1)))
			.collect(Collectors.groupingBy(slot -> slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2, Collectors.counting()));
		assertThat(perMaster).containsOnly(Map.entry(0, 4L), Map.entry(1, 4L), Map.entry(2, 4L));
	}

	@Test
	void aRoutesUrlsSpreadOverItsBucketsAndAUrlsVariantsShareItsBucket() {
		Map<Integer, Long> perBucket = IntStream.range(0, 12_000)
			.mapToObj(id -> CacheKey.of("users", 12, "/users/" + id, "users GET /users/" + id + " role=USER"))
			.collect(Collectors.groupingBy(CacheKey::bucket, Collectors.counting()));
		assertThat(perBucket).hasSize(12).allSatisfy((bucket, count) -> assertThat(count).isBetween(850L, 1150L));

		CacheKey url = CacheKey.of("users", 12, "/users/7", "users GET /users/7 role=USER");
		CacheKey variant = CacheKey.variant(url, "accept-language", " ~accept-language=de");
		assertThat(variant.redisKey()).isNotEqualTo(url.redisKey()).startsWith(url.bucketPrefix() + ":e:");
		assertThat(variant.varyRecordKey()).isEqualTo(url.varyRecordKey()).startsWith(url.bucketPrefix() + ":v:");
		assertThat(CacheKey.variant(variant, "", "")).isEqualTo(url);
	}

	@Test
	void tellsTheRouteOfABucketsKeys() {
		assertThat(RedisKeys.routeOf("cg:{users:17}:e:abc")).isEqualTo("users");
		assertThat(RedisKeys.routeOf("cg:{users}:e:abc")).isEqualTo("users");
		assertThat(RedisKeys.routeOf("no-tag")).isEmpty();
	}

}
