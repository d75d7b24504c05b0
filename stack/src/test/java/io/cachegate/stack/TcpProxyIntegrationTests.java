package io.cachegate.stack;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.cachegate.stack.test.TcpProxy.Mode;
import io.cachegate.stack.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;

class TcpProxyIntegrationTests {

	@Test
	void passesRefusesAndPassesAgain() {
		RedisEndpoint redis = Infrastructure.redis();
		try (TcpProxy proxy = TcpProxy.to(redis.host(), redis.port())) {
			RedisEndpoint throughProxy = new RedisEndpoint("127.0.0.1", proxy.port(), "proxy");
			assertThat(Infrastructure.answersPing(throughProxy)).isTrue();

			proxy.mode(Mode.REFUSE);
			assertThat(Infrastructure.answersPing(throughProxy)).isFalse();

			proxy.mode(Mode.BLACKHOLE);
			assertThat(Infrastructure.answersPing(throughProxy)).isFalse();

			proxy.mode(Mode.PASS);
			assertThat(Infrastructure.answersPing(throughProxy)).isTrue();
		}
	}

	@Test
	void delaysTraffic() {
		RedisEndpoint redis = Infrastructure.redis();
		try (TcpProxy proxy = TcpProxy.to(redis.host(), redis.port())) {
			proxy.delay(Duration.ofMillis(1500));
			// The ping's one-second read timeout runs out before the delayed answer.
			assertThat(Infrastructure.answersPing(new RedisEndpoint("127.0.0.1", proxy.port(), "proxy"))).isFalse();
		}
	}

}
