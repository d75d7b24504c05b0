package io.cachegate.cache.filter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;

import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.stampede.TtlJitter;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore.Lookup;
import io.cachegate.cache.store.PendingInvalidations;
import io.cachegate.cache.store.RedisCacheStore;
import io.cachegate.cache.testsupport.CacheTestData;
import io.cachegate.cache.testsupport.TestRedisStore;
import io.cachegate.cache.web.RequestEventLoops;
import io.cachegate.stack.test.MovableClock;

import static io.cachegate.cache.testsupport.TestRedisStore.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WriteFlow} on its own, on a fixed clock, with the real store on the test Redis
 * and a mock exchange whose filter chain plays the origin (no gateway, no server): what a
 * write invalidates (its target, its tags and the tags it names as changed), what it
 * writes through (the {@code Content-Location} representation, keyed by the writer's
 * role, with the freshness its answer names and a Redis TTL counted on the clock), what
 * an error answer leaves alone, and that a write on a route whose cache is off still
 * invalidates.
 */
class WriteFlowTests {

	private final TestRedisStore redis = new TestRedisStore();

	private final MovableClock clock = redis.clock();

	private final RedisCacheStore store = redis.store();

	private final String route = CacheTestData.uniqueRoute("write");

	private final AtomicInteger originCalls = new AtomicInteger();

	private final WriteFlow writes = new WriteFlow(store, clock, new TtlJitter(0, () -> 0L), new RequestEventLoops(),
			new PendingInvalidations((route, tags) -> Mono.just(true), Duration.ofSeconds(1), Duration.ofSeconds(30),
					10_000, new SimpleMeterRegistry()),
			exchange -> "MANAGER", new OriginCalls(new CacheMetrics(new SimpleMeterRegistry())));

	private final MockServerWebExchange exchange = MockServerWebExchange
		.from(MockServerHttpRequest.put("/users/1").header("Authorization", "Bearer manager-token"));

	/** The GET entry of /users/1 for the writer's role: where a write-through lands. */
	private final CacheKey userKey = CacheKeys.key(route, "/users/1", "", "MANAGER", exchange.getRequest().getHeaders(),
			CacheTestData.policy());

	private final CacheKey listKey = CacheTestData.key(route, "/users");

	@AfterEach
	void close() {
		redis.close();
	}

	@Test
	void aSuccessfulWriteInvalidatesWhatItChangedAndWritesItsRepresentationThrough() {
		storeOld(userKey, "user:1");
		storeOld(listKey, "users");

		write(CacheTestData.policy(), 200, "{\"id\":1,\"version\":4}", "Content-Location", "/users/1", "ETag", "\"4\"",
				"Cache-Tag", "user:1", "Cachegate-Invalidate", "users", "Cachegate-Cache-Control", "max-age=45");

		assertThat(originCalls).hasValue(1);
		assertThat(exchange.getResponse().getBodyAsString().block(WAIT)).isEqualTo("{\"id\":1,\"version\":4}");
		assertThat(clientHeaders().getFirst("X-Cache")).isEqualTo("BYPASS");
		assertThat(clientHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=method; detail=stored");
		assertThat(clientHeaders().containsHeader("Cache-Tag")).isFalse();
		assertThat(clientHeaders().containsHeader("Cachegate-Invalidate")).isFalse();
		assertThat(clientHeaders().containsHeader("Cachegate-Cache-Control")).isFalse();

		CacheEntry written = ((Lookup.Hit) store.lookup(userKey).block(WAIT)).entry();
		assertThat(CacheTestData.text(written)).isEqualTo("{\"id\":1,\"version\":4}");
		assertThat(written.status()).isEqualTo(200);
		assertThat(written.storedAt()).isEqualTo(clock.instant());
		assertThat(written.freshness()).isEqualTo(Duration.ofSeconds(45));
		assertThat(written.version()).isEqualTo(4L);
		assertThat(written.tags()).containsExactlyInAnyOrder(CacheKeys.uriTag("/users/1"), "user:1");
		assertThat(redis.template().getExpire(userKey.redisKey()).block(WAIT))
			.as("45 s fresh + 60 s kept for revalidation (it has an ETag)")
			.isBetween(Duration.ofSeconds(100), Duration.ofSeconds(105));
		assertThat(store.lookup(listKey).block(WAIT)).as("the list the write named as changed")
			.isInstanceOf(Lookup.Miss.class);
	}

	@Test
	void aWriteWithoutContentLocationOnlyInvalidates() {
		storeOld(userKey, "user:1");

		write(CacheTestData.policy(), 204, "", "Cache-Tag", "user:1");

		assertThat(clientHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=method; detail=invalidated");
		assertThat(store.lookup(userKey).block(WAIT)).isInstanceOf(Lookup.Miss.class);
	}

	@Test
	void anErrorAnswerInvalidatesNothing() {
		storeOld(userKey, "user:1");

		write(CacheTestData.policy(), 409, "{\"title\":\"Conflict\"}", "Content-Location", "/users/1", "Cache-Tag",
				"user:1");

		assertThat(clientHeaders().getFirst("X-Cache")).isEqualTo("BYPASS");
		assertThat(clientHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=method");
		assertThat(CacheTestData.text(((Lookup.Hit) store.lookup(userKey).block(WAIT)).entry())).isEqualTo("old");
	}

	@Test
	void aWriteOnARouteWhoseCacheIsOffStillInvalidatesButWritesNothingThrough() {
		storeOld(userKey, "user:1");
		RoutePolicy off = CacheTestData.policy(false, Duration.ZERO, Duration.ZERO, DataSize.ofKilobytes(256));

		write(off, 200, "{\"id\":1}", "Content-Location", "/users/1", "ETag", "\"5\"", "Cache-Tag", "user:1",
				"Cachegate-Cache-Control", "max-age=45");

		assertThat(clientHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=method; detail=invalidated");
		assertThat(store.lookup(userKey).block(WAIT)).as("turned back on, it serves nothing older than the write")
			.isInstanceOf(Lookup.Miss.class);
	}

	/** A live entry from before the write, tagged with its URI tag and {@code tag}. */
	private void storeOld(CacheKey key, String tag) {
		CacheEntry old = new CacheEntry(200, List.of(new CacheEntry.Header("ETag", "\"3\"")),
				"old".getBytes(StandardCharsets.UTF_8), clock.instant(), Duration.ofSeconds(60), Duration.ZERO,
				Duration.ZERO, key.material(), List.of(CacheKeys.uriTag(key.path()), tag));
		assertThat(store.storeAt(key, 0, old).block(WAIT)).isNotNegative();
	}

	/** Sends the write through the flow to an origin that answers as given. */
	private void write(RoutePolicy policy, int status, String body, String... headers) {
		GatewayFilterChain origin = forwarded -> {
			originCalls.incrementAndGet();
			ServerHttpResponse response = forwarded.getResponse();
			response.setStatusCode(HttpStatus.valueOf(status));
			response.getHeaders().set("Content-Type", "application/json");
			for (int i = 0; i < headers.length; i += 2) {
				response.getHeaders().set(headers[i], headers[i + 1]);
			}
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			response.getHeaders().setContentLength(bytes.length);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
		};
		writes.write(exchange, origin, route, policy, "/users/1").block(WAIT);
	}

	private HttpHeaders clientHeaders() {
		return exchange.getResponse().getHeaders();
	}

}
