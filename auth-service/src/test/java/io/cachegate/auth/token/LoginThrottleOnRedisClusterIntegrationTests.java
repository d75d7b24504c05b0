package io.cachegate.auth.token;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.cachegate.auth.IntegrationTestSupport;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.RedisClusterEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login throttle of the whole service on a Redis Cluster (the configured one, else a
 * local one), chosen by {@code spring.data.redis.cluster.nodes}: failures are counted on
 * the cluster (each counter one key, so each script runs on the master of that key's
 * slot) and the limit holds.
 */
class LoginThrottleOnRedisClusterIntegrationTests extends IntegrationTestSupport {

	private static final RedisClusterEndpoint CLUSTER = Infrastructure.redisCluster();

	private static final RedisClusterClient CLIENT = RedisClusterClient.create(CLUSTER.url());

	private static final RedisAdvancedClusterCommands<String, String> REDIS = CLIENT.connect().sync();

	@Autowired
	private LettuceConnectionFactory connectionFactory;

	@DynamicPropertySource
	static void cluster(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.cluster.nodes", CLUSTER::nodesProperty);
		// A busy shared machine: the production 500 ms would let the limiter fail open at
		// random here, and the count is what this test checks.
		registry.add("CACHEGATE_LOGIN_REDIS_TIMEOUT", () -> "5s");
	}

	@AfterAll
	static void close() {
		CLIENT.shutdown();
	}

	@Test
	void countsFailedLoginsOnTheClusterAndRefusesPastTheLimit() {
		assertThat(this.connectionFactory.isClusterAware()).isTrue();
		String username = uniqueName("cluster-guessed");
		createAccount(username, "cluster-password-1", "USER");
		for (int attempt = 1; attempt <= 5; attempt++) {
			loginByJson(username, "guess-" + attempt).expectStatus().isUnauthorized();
		}
		assertThat(REDIS.get(LoginRateLimiter.usernameKey(username))).isEqualTo("5");
		assertThat(REDIS.get(LoginRateLimiter.pairKey(username, this.clientAddress))).isEqualTo("5");
		loginByJson(username, "cluster-password-1").expectStatus().isEqualTo(429);
	}

}
