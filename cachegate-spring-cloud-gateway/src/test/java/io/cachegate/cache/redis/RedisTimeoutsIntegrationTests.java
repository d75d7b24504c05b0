package io.cachegate.cache.redis;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.cachegate.cache.CacheRedisAutoConfiguration;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis client's two timeouts, against a real Redis behind a proxy that delays every
 * chunk by 150 ms: a new connection's handshake has the connect timeout (5 s here), so it
 * is made however slow the first round trips are, while a command still has the short
 * command timeout (100 ms).
 */
class RedisTimeoutsIntegrationTests {

	private TcpProxy proxy;

	private ApplicationContextRunner runner;

	@BeforeEach
	void proxy() {
		var redis = Infrastructure.redis();
		proxy = TcpProxy.to(redis.host(), redis.port());
		runner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(CacheRedisAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:" + proxy.port() + "/3",
					"spring.data.redis.timeout=100ms", "spring.data.redis.connect-timeout=5s",
					"cachegate.redis.lookup-connections=-1");
	}

	@AfterEach
	void close() {
		proxy.close();
	}

	@Test
	void aSlowHandshakeStillConnectsWhileCommandsKeepTheirShortTimeout() {
		runner.run(context -> {
			RedisClient client = (RedisClient) context.getBean(LettuceConnectionFactory.class).getNativeClient();
			proxy.delay(Duration.ofMillis(150));

			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				// A round trip takes 300 ms: with the connect timeout it would have
				// succeeded.
				assertThatThrownBy(() -> connection.async().ping().get(5, TimeUnit.SECONDS))
					.isInstanceOf(ExecutionException.class)
					.hasCauseInstanceOf(RedisCommandTimeoutException.class);

				proxy.delay(Duration.ZERO);
				assertThat(connection.async().ping().get(5, TimeUnit.SECONDS)).isEqualTo("PONG");
			}
		});
	}

}
