package io.cachegate.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.RedisEndpoint;
import io.cachegate.stack.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The limiter alone against the real Redis (database 1), reached through a proxy that can refuse or swallow
 * traffic, so the fail-open path is exercised for real without touching the shared server.
 */
class LoginRateLimiterIntegrationTests {

	private static final Duration REDIS_TIMEOUT = Duration.ofMillis(300);

	private TcpProxy proxy;

	private LettuceConnectionFactory connections;

	private ReactiveStringRedisTemplate redis;

	private LoginRateLimiter limiter;

	private final String username = "limited-" + UUID.randomUUID();

	private final String address = "192.0.2." + (int) (Math.random() * 250 + 1) + "-" + UUID.randomUUID();

	@BeforeEach
	void connect() {
		RedisEndpoint endpoint = Infrastructure.redis();
		this.proxy = TcpProxy.to(endpoint.host(), endpoint.port());
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration("127.0.0.1", this.proxy.port());
		server.setDatabase(1);
		this.connections = new LettuceConnectionFactory(server,
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.redis = new ReactiveStringRedisTemplate(this.connections);
		this.limiter = limiter(3, 5, Duration.ofSeconds(2));
	}

	@AfterEach
	void disconnect() {
		this.connections.destroy();
		this.proxy.close();
	}

	@Test
	void allowsAttemptsUntilTheUsernameLimitThenBlocksForTheRestOfTheWindow() {
		assertThat(this.limiter.blockedFor(this.username, this.address).block()).isEmpty();
		assertThat(this.limiter.recordFailure(this.username, this.address).block()).isEmpty();
		assertThat(this.limiter.recordFailure(this.username, this.address).block()).isEmpty();
		assertThat(this.limiter.blockedFor(this.username, this.address).block()).isEmpty();
		Optional<Duration> third = this.limiter.recordFailure(this.username, this.address).block();
		assertThat(third).hasValueSatisfying((wait) -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
		assertThat(this.limiter.blockedFor(this.username, this.address).block()).isPresent();
		assertThat(this.limiter.blockedFor(this.username.toUpperCase(), "another-address").block())
			.as("usernames are counted without case")
			.isPresent();
		assertThat(this.limiter.blockedFor("someone-else", this.address).block())
			.as("the address is at 3 of 5")
			.isEmpty();
	}

	@Test
	void blocksAnAddressAcrossUsernames() {
		for (int i = 0; i < 5; i++) {
			this.limiter.recordFailure(this.username + i, this.address).block();
		}
		assertThat(this.limiter.blockedFor("fresh-" + UUID.randomUUID(), this.address).block()).isPresent();
	}

	@Test
	void forgetsFailuresWhenTheWindowEnds() {
		for (int i = 0; i < 3; i++) {
			this.limiter.recordFailure(this.username, this.address).block();
		}
		assertThat(this.limiter.blockedFor(this.username, this.address).block()).isPresent();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.limiter.blockedFor(this.username, this.address).block().isEmpty());
	}

	@Test
	void givesAnOrphanCounterAnExpiry() {
		String key = LoginRateLimiter.usernameKey(this.username);
		this.redis.opsForValue().set(key, "1").block();
		this.limiter.recordFailure(this.username, this.address).block();
		assertThat(this.redis.getExpire(key).block()).isPositive();
	}

	@Test
	void resetClearsOnlyTheUsernameCounter() {
		this.limiter.recordFailure(this.username, this.address).block();
		this.limiter.reset(this.username).block();
		assertThat(this.redis.hasKey(LoginRateLimiter.usernameKey(this.username)).block()).isFalse();
		assertThat(this.redis.opsForValue().get(LoginRateLimiter.addressKey(this.address)).block()).isEqualTo("1");
	}

	@Test
	void failsOpenWithinItsTimeoutWhenRedisSwallowsTraffic() {
		for (int i = 0; i < 3; i++) {
			this.limiter.recordFailure(this.username, this.address).block();
		}
		this.proxy.mode(TcpProxy.Mode.BLACKHOLE);
		long started = System.nanoTime();
		assertThat(this.limiter.blockedFor(this.username, this.address).block()).isEmpty();
		assertThat(this.limiter.recordFailure(this.username, this.address).block()).isEmpty();
		this.limiter.reset(this.username).block();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void failsOpenWhenRedisRefusesAndCountsAgainWhenItIsBack() {
		this.proxy.mode(TcpProxy.Mode.REFUSE);
		this.connections.resetConnection();
		assertThat(this.limiter.blockedFor(this.username, this.address).block()).isEmpty();
		this.proxy.mode(TcpProxy.Mode.PASS);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			this.limiter.recordFailure(this.username, this.address).block();
			assertThat(this.redis.hasKey(LoginRateLimiter.usernameKey(this.username)).block()).isTrue();
		});
	}

	private LoginRateLimiter limiter(int perUsername, int perAddress, Duration window) {
		LoginProperties properties = new LoginProperties(perUsername, perAddress, window, REDIS_TIMEOUT, List.of());
		return new LoginRateLimiter(this.redis, TokenConfiguration.script("scripts/login-failures-read.lua"),
				TokenConfiguration.script("scripts/login-failures-record.lua"), properties);
	}

}
