package io.cachegate.cache.filter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.http.ForwardReason;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.stampede.RequestCoalescer;
import io.cachegate.cache.stampede.StaleRefresher;
import io.cachegate.cache.stampede.StampedeProperties;
import io.cachegate.cache.stampede.TtlJitter;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore.Lookup;
import io.cachegate.cache.store.Invalidation;
import io.cachegate.cache.store.PendingInvalidations;
import io.cachegate.cache.store.RedisCacheStore;
import io.cachegate.cache.testsupport.CacheTestData;
import io.cachegate.cache.testsupport.TestRedisStore;
import io.cachegate.cache.web.RequestEventLoops;
import io.cachegate.stack.test.MovableClock;

import static io.cachegate.cache.testsupport.TestRedisStore.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MissResponse} on its own, on a fixed clock, with the real store on the test
 * Redis and a mock exchange (no gateway, no server): what a miss stores (body, headers,
 * tags, the age and freshness its answer names, capped by the route) and with which Redis
 * TTL; what it does not store; the {@code Cache-Status} it writes; that its flight's
 * waiters get what it stored; and the stale copy that replaces a failing origin's answer.
 */
class MissResponseTests {

	private final TestRedisStore redis = new TestRedisStore();

	private final MovableClock clock = redis.clock();

	private final RedisCacheStore store = redis.store();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final CacheMetrics metrics = new CacheMetrics(meters);

	private final String route = CacheTestData.uniqueRoute("miss");

	private final CacheKey key = CacheTestData.key(route, "/users/1");

	private final StampedeProperties stampede = new StampedeProperties(0, Duration.ofSeconds(5), Duration.ofSeconds(5),
			Duration.ofMillis(10), Duration.ofSeconds(10));

	private final TtlJitter noJitter = new TtlJitter(0, () -> 0L);

	private final RequestCoalescer coalescer = new RequestCoalescer(store, redis.leases(Duration.ofSeconds(5)), metrics,
			stampede, clock);

	private final ReadFlow flow = new ReadFlow(store, clock, metrics, noJitter, coalescer,
			new StaleRefresher(WebClient.create(), store, redis.leases(Duration.ofSeconds(5)), noJitter, metrics,
					stampede, clock),
			new RequestEventLoops(), new PendingInvalidations((route, tags) -> Mono.just(true), Duration.ofSeconds(1),
					Duration.ofSeconds(30), 10_000, meters));

	private final MockServerWebExchange exchange = MockServerWebExchange
		.from(MockServerHttpRequest.get("/users/1").header("Authorization", "Bearer caller-token"));

	@AfterEach
	void close() {
		redis.close();
	}

	@Test
	void storesTheAnswerWithTheAgeAndFreshnessItNamesAndARedisTtlOfWhatIsLeft() {
		MissResponse response = response(CacheTestData.policy(), miss(ForwardReason.MISS, null, null));

		answer(response, 200, "hello", "Cachegate-Cache-Control", "max-age=30, stale-while-revalidate=10", "Cache-Tag",
				"user:1", "ETag", "\"3\"", "Age", "4");

		assertThat(body()).isEqualTo("hello");
		assertThat(clientHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(clientHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=miss; stored");
		assertThat(clientHeaders().containsHeader("Cache-Tag")).isFalse();
		assertThat(clientHeaders().containsHeader("Cachegate-Cache-Control")).isFalse();
		CacheEntry stored = hit().entry();
		assertThat(CacheTestData.text(stored)).isEqualTo("hello");
		assertThat(stored.storedAt()).as("arrived 4 s old").isEqualTo(clock.instant().minusSeconds(4));
		assertThat(stored.freshness()).isEqualTo(Duration.ofSeconds(30));
		assertThat(stored.staleWhileRevalidate()).isEqualTo(Duration.ofSeconds(10));
		assertThat(stored.tags()).containsExactlyInAnyOrder(CacheKeys.uriTag("/users/1"), "user:1");
		assertThat(stored.etag()).isEqualTo("\"3\"");
		assertThat(stored.headers()).extracting(CacheEntry.Header::name)
			.doesNotContain("Cache-Tag", "Cachegate-Cache-Control", "Age", "X-Cache", "Cache-Status");
		assertThat(ttl()).as("30 s fresh + the longest of 10 s stale and 60 s retention (it has an ETag) - 4 s old")
			.isBetween(Duration.ofSeconds(80), Duration.ofSeconds(86));
		assertThat(requests("miss")).isEqualTo(1);
	}

	@Test
	void capsTheOriginsFreshnessAtTheRoutesMaxTtl() {
		answer(response(CacheTestData.policy(), miss(ForwardReason.MISS, null, null)), 200, "hello",
				"Cachegate-Cache-Control", "max-age=86400");

		assertThat(hit().entry().freshness()).isEqualTo(Duration.ofMinutes(10));
		assertThat(ttl()).as("10 min fresh + 1 min retention")
			.isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
	}

	@Test
	void anAnswerThatMayNotBeStoredPassesThroughAsAnUncacheableMiss() {
		answer(response(CacheTestData.policy(), miss(ForwardReason.MISS, null, null)), 200, "private",
				"Cachegate-Cache-Control", "no-store");

		assertThat(body()).isEqualTo("private");
		assertThat(clientHeaders().getFirst("X-Cache")).isEqualTo("MISS");
		assertThat(clientHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=miss");
		assertThat(store.lookup(key).block(WAIT)).isInstanceOf(Lookup.Miss.class);
		assertThat(requests("uncacheable")).isEqualTo(1);
	}

	@Test
	void aBodyLargerThanTheRoutesMaxEntrySizeStreamsToTheClientButIsNotStored() {
		RoutePolicy small = CacheTestData.policy(true, Duration.ZERO, Duration.ZERO, DataSize.ofBytes(4));
		answer(response(small, miss(ForwardReason.MISS, null, null)), 200, "too large", "Cachegate-Cache-Control",
				"max-age=60");

		assertThat(body()).isEqualTo("too large");
		assertThat(store.lookup(key).block(WAIT)).isInstanceOf(Lookup.Miss.class);
	}

	@Test
	void anAnswerToAReadThatRacedAWriteIsNotStored() {
		long snapshot = ((Lookup.Miss) store.lookup(key).block(WAIT)).sequence();
		store.invalidate(route, Invalidation.of(List.of("user:1")), null).block(WAIT);

		answer(response(CacheTestData.policy(), new ReadFlow.Miss(snapshot, ForwardReason.MISS, null, null, null)), 200,
				"read before the write", "Cachegate-Cache-Control", "max-age=60", "Cache-Tag", "user:1");

		assertThat(body()).isEqualTo("read before the write");
		assertThat(store.lookup(key).block(WAIT)).isInstanceOf(Lookup.Miss.class);
	}

	@Test
	void theFlightsWaitersAreServedTheStoredAnswer() throws Exception {
		AtomicReference<RequestCoalescer.Flight> leading = new AtomicReference<>();
		CountDownLatch led = new CountDownLatch(1);
		Sinks.Empty<Void> leaderDone = Sinks.empty();
		CompletableFuture<Void> leader = coalescer.miss(key, 0, Schedulers.parallel(), flight -> {
			leading.set(flight);
			led.countDown();
			return leaderDone.asMono();
		}, entry -> Mono.empty(), Mono::empty).toFuture();
		List<CacheEntry> served = new CopyOnWriteArrayList<>();
		AtomicInteger alone = new AtomicInteger();
		CompletableFuture<Void> waiter = coalescer.miss(key, 0, Schedulers.parallel(), flight -> Mono.empty(),
				entry -> Mono.fromRunnable(() -> served.add(entry)), () -> Mono.fromRunnable(alone::incrementAndGet))
			.toFuture();
		assertThat(led.await(10, TimeUnit.SECONDS)).isTrue();

		answer(response(CacheTestData.policy(), miss(ForwardReason.MISS, leading.get(), null)), 200, "shared",
				"Cachegate-Cache-Control", "max-age=60");
		leaderDone.tryEmitEmpty();
		leader.get(10, TimeUnit.SECONDS);
		waiter.get(10, TimeUnit.SECONDS);

		assertThat(served).singleElement()
			.satisfies(entry -> assertThat(CacheTestData.text(entry)).isEqualTo("shared"));
		assertThat(alone).hasValue(0);
	}

	@Test
	void aFailingOriginsAnswerIsReplacedByTheStaleCopyInsideStaleIfError() {
		CacheEntry fallback = CacheTestData.entry(key, "stale copy", clock.instant().minusSeconds(70),
				Duration.ofSeconds(60));

		answer(response(CacheTestData.policy(), miss(ForwardReason.STALE, null, fallback)), 503, "origin down");

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(body()).isEqualTo("stale copy");
		assertThat(clientHeaders().getFirst("X-Cache")).isEqualTo("STALE");
		assertThat(clientHeaders().getFirst("Cache-Status"))
			.isEqualTo("cachegate; hit; stale; ttl=-10; detail=origin-error");
		assertThat(clientHeaders().getFirst("Age")).isEqualTo("70");
		assertThat(requests("stale")).isEqualTo(1);
	}

	@Test
	void aSuccessfulAnswerToAStaleMissIsStoredAndSaysSo() {
		CacheEntry fallback = CacheTestData.entry(key, "stale copy", clock.instant().minusSeconds(70),
				Duration.ofSeconds(60));

		answer(response(CacheTestData.policy(), miss(ForwardReason.STALE, null, fallback)), 200, "renewed",
				"Cachegate-Cache-Control", "max-age=60");

		assertThat(body()).isEqualTo("renewed");
		assertThat(clientHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=stale; stored");
		assertThat(CacheTestData.text(hit().entry())).isEqualTo("renewed");
	}

	@Test
	void aStreamedAnswerIsNeverStored() {
		MissResponse response = response(CacheTestData.policy(), miss(ForwardReason.MISS, null, null));
		response.setStatusCode(HttpStatus.OK);
		response.getHeaders().set("Cachegate-Cache-Control", "max-age=60");

		response.writeAndFlushWith(Flux.just(Flux.just(buffer("event")))).block(WAIT);

		assertThat(clientHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; fwd=miss");
		assertThat(clientHeaders().containsHeader("Cachegate-Cache-Control")).isFalse();
		assertThat(store.lookup(key).block(WAIT)).isInstanceOf(Lookup.Miss.class);
		assertThat(requests("uncacheable")).isEqualTo(1);
	}

	private ReadFlow.Miss miss(ForwardReason forwardedAs, RequestCoalescer.Flight flight, CacheEntry fallback) {
		return new ReadFlow.Miss(0, forwardedAs, flight, fallback, null);
	}

	private MissResponse response(RoutePolicy policy, ReadFlow.Miss miss) {
		return new MissResponse(new CachedRead(exchange, ignored -> Mono.empty(), key, policy, 0), miss, flow);
	}

	/** The origin's answer, written through the decorator in two chunks. */
	private static void answer(MissResponse response, int status, String body, String... headers) {
		response.setStatusCode(HttpStatus.valueOf(status));
		response.getHeaders().set("Content-Type", "text/plain");
		for (int i = 0; i < headers.length; i += 2) {
			response.getHeaders().set(headers[i], headers[i + 1]);
		}
		int half = body.length() / 2;
		response.writeWith(Flux.just(buffer(body.substring(0, half)), buffer(body.substring(half)))).block(WAIT);
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private Lookup.Hit hit() {
		Lookup lookup = store.lookup(key).block(WAIT);
		assertThat(lookup).isInstanceOf(Lookup.Hit.class);
		return (Lookup.Hit) lookup;
	}

	private Duration ttl() {
		return redis.template().getExpire(key.redisKey()).block(WAIT);
	}

	private String body() {
		return exchange.getResponse().getBodyAsString().block(WAIT);
	}

	private HttpHeaders clientHeaders() {
		return exchange.getResponse().getHeaders();
	}

	private double requests(String result) {
		return meters.get(CacheMetrics.REQUESTS).tag("result", result).counter().count();
	}

}
