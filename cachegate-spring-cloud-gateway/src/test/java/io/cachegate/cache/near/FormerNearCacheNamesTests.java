package io.cachegate.cache.near;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class FormerNearCacheNamesTests {

	@Test
	void namesFormerPropertiesAndEnvironmentVariablesInUse() {
		MockEnvironment environment = new MockEnvironment().withProperty("cachegate.l1.ttl", "1s")
			.withProperty("CACHEGATE_L1_COMMIT_WAIT", "false")
			.withProperty("cachegate.cache.near.enabled", "true");
		assertThat(FormerNearCacheNames.inUse(environment)).containsExactly("cachegate.l1.ttl",
				"cachegate.l1.commit-wait");
	}

	@Test
	void namesNothingWhenOnlyTheNewNamesAreSet() {
		MockEnvironment environment = new MockEnvironment().withProperty("cachegate.cache.near.ttl", "1s");
		assertThat(FormerNearCacheNames.inUse(environment)).isEmpty();
	}

}
