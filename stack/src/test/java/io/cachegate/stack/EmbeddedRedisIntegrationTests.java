package io.cachegate.stack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedRedisIntegrationTests {

	@Test
	void stopsAndStartsAgainOnTheSamePort() {
		try (EmbeddedRedis redis = EmbeddedRedis.startOnFreePort()) {
			RedisEndpoint endpoint = redis.endpoint();
			assertThat(Infrastructure.answersPing(endpoint)).isTrue();

			redis.stop();
			assertThat(Infrastructure.answersPing(endpoint)).isFalse();
			assertThat(redis.isRunning()).isFalse();

			redis.start();
			assertThat(Infrastructure.answersPing(endpoint)).isTrue();
			assertThat(redis.port()).isEqualTo(endpoint.port());
		}
	}

}
