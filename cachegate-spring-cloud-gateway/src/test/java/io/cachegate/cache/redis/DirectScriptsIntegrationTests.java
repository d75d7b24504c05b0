package io.cachegate.cache.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.DigestUtils;

import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.test.TcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cache's lookup calls on their own connections, against a real Redis: the reply
 * arrives on the event loop that asked, a script the server does not know is sent in
 * full, and a slow Redis is cut off by the guard's timeout and counted by its breaker.
 */
class DirectScriptsIntegrationTests {

	private final DefaultEventLoop loop = new DefaultEventLoop();

	private RedisClient client;

	private DirectScripts scripts;

	private TcpProxy proxy;

	@AfterEach
	void close() {
		if (scripts != null) {
			scripts.close();
		}
		if (client != null) {
			client.shutdown();
		}
		if (proxy != null) {
			proxy.close();
		}
		loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
	}

	@Test
	void answersOnTheEventLoopThatAsked() throws Exception {
		CircuitBreaker breaker = open(Infrastructure.redis().url(3), Duration.ofSeconds(2));
		String key = "direct-scripts-test:" + UUID.randomUUID();
		LuaScript<List> script = script("return {ARGV[1], KEYS[1]}");

		CompletableFuture<String> thread = new CompletableFuture<>();
		List<?> result = loop
			.submit(() -> scripts
				.<List<?>>run(script, ScriptOutputType.MULTI, new byte[][] { bytes(key) }, bytes("value"))
				.doOnNext(value -> thread.complete(Thread.currentThread().getName()))
				.toFuture())
			.get(5, TimeUnit.SECONDS)
			.get(5, TimeUnit.SECONDS);

		assertThat(result).extracting(value -> new String((byte[]) value, StandardCharsets.UTF_8))
			.containsExactly("value", key);
		String loopThread = loop.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
		assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo(loopThread);
		assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

	@Test
	void aScriptTheServerDoesNotKnowIsSentInFull() {
		open(Infrastructure.redis().url(3), Duration.ofSeconds(2));
		// A text no server has seen: its SHA-1 is unknown, so EVALSHA fails with
		// NOSCRIPT.
		LuaScript<Long> script = script("return 41 + 1 -- " + UUID.randomUUID());

		Long answer = scripts.<Long>run(script, ScriptOutputType.INTEGER, new byte[0][]).block(Duration.ofSeconds(5));

		assertThat(answer).isEqualTo(42L);
	}

	@Test
	void aSlowRedisIsCutOffByTheTimeoutAndCountedByTheBreaker() throws Exception {
		var redis = Infrastructure.redis();
		proxy = TcpProxy.to(redis.host(), redis.port());
		CircuitBreaker breaker = open("redis://127.0.0.1:" + proxy.port(), Duration.ofMillis(100));
		proxy.delay(Duration.ofMillis(600));
		LuaScript<Long> script = script("return 1");

		assertThatThrownBy(
				() -> loop.submit(() -> scripts.<Long>run(script, ScriptOutputType.INTEGER, new byte[0][]).toFuture())
					.get(5, TimeUnit.SECONDS)
					.get(5, TimeUnit.SECONDS))
			.hasCauseInstanceOf(RedisUnavailableException.class)
			.hasRootCauseInstanceOf(TimeoutException.class);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
	}

	@Test
	void isNotReadyBeforeItsConnectionsAreOpen() {
		client = RedisClient.create(Infrastructure.redis().url(3));
		scripts = new DirectScripts(() -> client, guard(CircuitBreaker.ofDefaults("t"), Duration.ofSeconds(1)), 2);

		assertThat(scripts.ready()).isFalse();
		assertThat(scripts.connect()).isTrue();
		assertThat(scripts.ready()).isTrue();
	}

	/**
	 * The test context cache pauses a context it does not use (Spring's lifecycle stop),
	 * and Spring Data's connection factory shuts its client down then and makes a new one
	 * when started again: the connections of the old client must not be used after that.
	 */
	@Test
	void followsTheConnectionFactoryThroughAStopAndAStart() {
		var redis = Infrastructure.redis();
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(redis.host(), redis.port());
		server.setDatabase(3);
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean(LettuceConnectionFactory.class, () -> new LettuceConnectionFactory(server));
			context.registerBean(DirectScripts.class,
					() -> new DirectScripts(() -> context.getBean(LettuceConnectionFactory.class).getNativeClient(),
							guard(CircuitBreaker.ofDefaults("t"), Duration.ofSeconds(2)), 2));
			context.refresh();
			DirectScripts direct = context.getBean(DirectScripts.class);
			LuaScript<Long> script = script("return 7");
			assertThat(direct.connect()).isTrue();
			assertThat(direct.<Long>run(script, ScriptOutputType.INTEGER, new byte[0][]).block(Duration.ofSeconds(5)))
				.isEqualTo(7L);

			context.stop();
			assertThat(direct.ready()).isFalse();
			assertThat(direct.connect()).isFalse();
			context.start();

			assertThat(direct.connect()).isTrue();
			assertThat(direct.<Long>run(script, ScriptOutputType.INTEGER, new byte[0][]).block(Duration.ofSeconds(5)))
				.isEqualTo(7L);
		}
	}

	private CircuitBreaker open(String url, Duration timeout) {
		client = RedisClient.create(url);
		CircuitBreaker breaker = CircuitBreaker.of("redis",
				CircuitBreakerConfig.custom().minimumNumberOfCalls(100).slidingWindowSize(100).build());
		scripts = new DirectScripts(() -> client, guard(breaker, timeout), 2);
		assertThat(scripts.connect()).isTrue();
		return breaker;
	}

	private static RedisGuard guard(CircuitBreaker breaker, Duration timeout) {
		return new RedisGuard(breaker,
				new RedisGuardProperties(timeout, 50, 100, 100, Duration.ofSeconds(2), Duration.ofMillis(500), 2),
				new SimpleMeterRegistry());
	}

	@SuppressWarnings("unchecked")
	private static <T> LuaScript<T> script(String text) {
		return new LuaScript<>(text, DigestUtils.sha1DigestAsHex(text), (Class<T>) (Class<?>) Object.class);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
