package io.cachegate.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.cachegate.stack.EmbeddedRedis;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.RedisEndpoint;
import io.cachegate.stack.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The limiter alone against the real Redis (database 1), reached through a proxy that can
 * refuse or swallow traffic, so the fail-open path is exercised for real without touching
 * the shared server; the fail-closed path against an embedded Redis of its own that is
 * full.
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
		this.limiter = limiter(3, 6, 5, Duration.ofSeconds(2));
	}

	@AfterEach
	void disconnect() {
		this.connections.destroy();
		this.proxy.close();
	}

	@Test
	void allowsAttemptsUntilTheUsernameLimitThenBlocksForTheRestOfTheWindow() {
		for (int i = 0; i < 3; i++) {
			assertThat(this.limiter.attempt(this.username, this.address).block()).isEmpty();
		}
		Optional<Duration> fourth = this.limiter.attempt(this.username, this.address).block();
		assertThat(fourth)
			.hasValueSatisfying((wait) -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
		assertThat(this.limiter.attempt(this.username.toUpperCase(), this.address).block())
			.as("usernames are counted without case")
			.isPresent();
		assertThat(this.limiter.attempt("someone-else-" + UUID.randomUUID(), this.address).block())
			.as("the address is at 6 of 5 now")
			.isPresent();
	}

	@Test
	void aUsernameLockedFromOneAddressCanStillTryFromAnotherUpToItsCeiling() {
		for (int i = 0; i < 3; i++) {
			this.limiter.attempt(this.username, this.address).block();
		}
		assertThat(this.limiter.attempt(this.username, this.address).block()).as("4 of 3 from this address")
			.isPresent();
		String owners = "owner-" + UUID.randomUUID();
		assertThat(this.limiter.attempt(this.username, owners).block()).as("5 of 6 for the username").isEmpty();
		assertThat(this.limiter.attempt(this.username, owners).block()).as("6 of 6 for the username").isEmpty();
		assertThat(this.limiter.attempt(this.username, owners).block()).as("7 of 6: the ceiling").isPresent();
	}

	@Test
	void countsConcurrentAttemptsSoNoMoreThanTheLimitGetThrough() {
		LoginRateLimiter strict = limiter(3, 3, 5, Duration.ofSeconds(2));
		List<Optional<Duration>> results = Flux.range(0, 10)
			.flatMap((i) -> strict.attempt(this.username, "address-" + i + "-" + UUID.randomUUID()))
			.collectList()
			.block();
		assertThat(results).filteredOn(Optional::isEmpty).hasSize(3);
	}

	@Test
	void blocksAnAddressAcrossUsernames() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.limiter.attempt(this.username + i, this.address).block()).isEmpty();
		}
		assertThat(this.limiter.attempt("fresh-" + UUID.randomUUID(), this.address).block()).isPresent();
	}

	@Test
	void forgetsAttemptsWhenTheWindowEnds() {
		for (int i = 0; i < 3; i++) {
			this.limiter.attempt(this.username, this.address).block();
		}
		assertThat(this.limiter.attempt(this.username, this.address).block()).isPresent();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> this.limiter.attempt(this.username, this.address).block().isEmpty());
	}

	@Test
	void givesAnOrphanCounterAnExpiry() {
		String key = LoginRateLimiter.usernameKey(this.username);
		this.redis.opsForValue().set(key, "1").block();
		this.limiter.attempt(this.username, this.address).block();
		assertThat(this.redis.getExpire(key).block()).isPositive();
	}

	@Test
	void aSuccessClearsTheUsernameAndTakesBackOnlyItsOwnAttemptFromTheAddress() {
		this.limiter.attempt(this.username, this.address).block();
		this.limiter.attempt(this.username, this.address).block();
		this.limiter.succeeded(this.username, this.address).block();
		assertThat(this.redis.hasKey(LoginRateLimiter.usernameKey(this.username)).block()).isFalse();
		assertThat(this.redis.hasKey(LoginRateLimiter.pairKey(this.username, this.address)).block()).isFalse();
		assertThat(this.redis.opsForValue().get(LoginRateLimiter.addressKey(this.address)).block()).isEqualTo("1");
		this.limiter.succeeded(this.username, "fresh-" + this.address).block();
		assertThat(this.redis.hasKey(LoginRateLimiter.addressKey("fresh-" + this.address)).block())
			.as("taking back never creates a counter")
			.isFalse();
	}

	@Test
	void failsOpenWithinItsTimeoutWhenRedisSwallowsTraffic() {
		for (int i = 0; i < 3; i++) {
			this.limiter.attempt(this.username, this.address).block();
		}
		this.proxy.mode(TcpProxy.Mode.BLACKHOLE);
		long started = System.nanoTime();
		assertThat(this.limiter.attempt(this.username, this.address).block()).isEmpty();
		this.limiter.succeeded(this.username, this.address).block();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void failsOpenWhenRedisIsUnreachableAndCountsAgainWhenItIsBack() {
		this.proxy.mode(TcpProxy.Mode.REFUSE);
		this.connections.resetConnection();
		assertThat(this.limiter.attempt(this.username, this.address).block()).isEmpty();
		this.proxy.mode(TcpProxy.Mode.PASS);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			this.limiter.attempt(this.username, this.address).block();
			assertThat(this.redis.hasKey(LoginRateLimiter.usernameKey(this.username)).block()).isTrue();
		});
	}

	@Test
	void failsClosedWhenRedisIsUpButRefusesToCount() {
		try (EmbeddedRedis full = EmbeddedRedis.startOnFreePort()) {
			RedisClient client = RedisClient.create(full.endpoint().url());
			try {
				RedisCommands<String, String> admin = client.connect().sync();
				admin.configSet("maxmemory-policy", "noeviction");
				// Below what an empty Redis already uses: every write is refused (OOM),
				// reads still answer.
				admin.configSet("maxmemory", "1");
				LettuceConnectionFactory own = new LettuceConnectionFactory(
						new RedisStandaloneConfiguration("127.0.0.1", full.port()));
				own.afterPropertiesSet();
				own.start();
				try {
					LoginRateLimiter limiter = new LoginRateLimiter(new ReactiveStringRedisTemplate(own),
							TokenConfiguration.script("scripts/login-attempts-count.lua"),
							RedisScript.of(TokenConfiguration.text("scripts/login-attempts-refund.lua"), Long.class),
							new LoginProperties(3, 6, 5, Duration.ofSeconds(2), REDIS_TIMEOUT, List.of()));
					assertThatThrownBy(() -> limiter.attempt(this.username, this.address).block())
						.isInstanceOf(LoginLimiterUnavailableException.class);
				}
				finally {
					own.destroy();
				}
			}
			finally {
				client.shutdown();
			}
		}
	}

	private LoginRateLimiter limiter(int perUsernameAndAddress, int perUsername, int perAddress, Duration window) {
		LoginProperties properties = new LoginProperties(perUsernameAndAddress, perUsername, perAddress, window,
				REDIS_TIMEOUT, List.of());
		return new LoginRateLimiter(this.redis, TokenConfiguration.script("scripts/login-attempts-count.lua"),
				RedisScript.of(TokenConfiguration.text("scripts/login-attempts-refund.lua"), Long.class), properties);
	}

}
