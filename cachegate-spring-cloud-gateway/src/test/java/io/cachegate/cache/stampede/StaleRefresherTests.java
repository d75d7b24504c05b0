package io.cachegate.cache.stampede;

import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.cache.store.CacheStore.Lookup;
import io.cachegate.cache.store.Invalidation;
import io.cachegate.cache.store.RedisCacheStore;
import io.cachegate.cache.testsupport.CacheTestData;
import io.cachegate.cache.testsupport.TestRedisStore;
import io.cachegate.stack.test.MovableClock;

import static io.cachegate.cache.testsupport.TestRedisStore.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StaleRefresher} on its own, on a fixed clock, with the real store and lease on
 * the test Redis: what a background refresh sends to the origin, what it stores (its age
 * and freshness counted on the clock), and that it refuses to store after a write, leaves
 * the stale entry for an unstorable or failed answer, and runs once per key. The origin
 * is the WebClient's exchange function (no HTTP server); each refresh's end is its
 * {@code cachegate.cache.refreshes} count.
 */
class StaleRefresherTests {

	private final TestRedisStore redis = new TestRedisStore();

	private final MovableClock clock = redis.clock();

	private final RedisCacheStore store = redis.store();

	private final RefreshOutcomes meters = new RefreshOutcomes();

	private final String route = CacheTestData.uniqueRoute("refresh");

	private final CacheKey key = CacheTestData.key(route, "/users/1");

	private CacheEntry storedStale;

	private final List<ClientRequest> sent = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		redis.close();
	}

	@Test
	void storesTheOriginsAnswerInPlaceOfTheStaleEntryWithItsAgeAndFreshnessOnTheClock() throws Exception {
		long snapshot = storeStaleEntry();
		assertThat(refreshOnce(snapshot, request -> answer(200, "fresh", "Cachegate-Cache-Control", "max-age=120",
				"Cache-Tag", "user:1", "Age", "5")))
			.isEqualTo("stored");
		Lookup.Hit hit = (Lookup.Hit) store.lookup(key).block(WAIT);
		assertThat(CacheTestData.text(hit.entry())).isEqualTo("fresh");
		assertThat(hit.entry().storedAt()).as("arrived 5 s old").isEqualTo(clock.instant().minusSeconds(5));
		assertThat(hit.entry().freshness()).isEqualTo(Duration.ofSeconds(120));
		assertThat(hit.entry().tags()).containsExactlyInAnyOrder(CacheKeys.uriTag("/users/1"), "user:1");
		assertThat(hit.entry().headers()).extracting(CacheEntry.Header::name)
			.doesNotContain("Cache-Tag", "Cachegate-Cache-Control", "Age");
		assertThat(redis.template().getExpire(key.redisKey()).block(WAIT)).as("what is left of 120 s, + 60 s retention")
			.isBetween(Duration.ofSeconds(160), Duration.ofSeconds(175));
	}

	@Test
	void sendsTheSameGetWithTheCallersCredentialsButNotTheClientsConditionals() throws Exception {
		long snapshot = storeStaleEntry();
		assertThat(refreshOnce(snapshot, request -> answer(200, "fresh", "Cachegate-Cache-Control", "max-age=60")))
			.isEqualTo("stored");
		assertThat(sent).hasSize(1);
		ClientRequest request = sent.get(0);
		assertThat(request.url()).isEqualTo(URI.create("http://origin.test:8082/users/1?page=2"));
		assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer caller-token");
		assertThat(request.headers().getFirst("X-Request-Id")).isEqualTo("r-1");
		assertThat(request.headers().containsHeader("If-None-Match")).isFalse();
		assertThat(request.headers().containsHeader("Range")).isFalse();
	}

	@Test
	void aRefreshThatRacedAWriteIsRefusedAndTheWritesInvalidationStands() throws Exception {
		long snapshot = storeStaleEntry();
		store.invalidate(route, Invalidation.of(List.of(CacheKeys.uriTag("/users/1"))), null).block(WAIT);
		assertThat(refreshOnce(snapshot,
				request -> answer(200, "older than the write", "Cachegate-Cache-Control", "max-age=60")))
			.isEqualTo("refused");
		assertThat(store.lookup(key).block(WAIT)).isInstanceOf(Lookup.Miss.class);
	}

	@Test
	void anUnstorableAnswerLeavesTheStaleEntryAsItWas() throws Exception {
		long snapshot = storeStaleEntry();
		assertThat(refreshOnce(snapshot, request -> answer(200, "private", "Cachegate-Cache-Control", "no-store")))
			.isEqualTo("unstorable");
		assertThat(CacheTestData.text(((Lookup.Hit) store.lookup(key).block(WAIT)).entry())).isEqualTo("stale");
	}

	@Test
	void aFailingOrSilentOriginLeavesTheStaleEntryAsItWas() throws Exception {
		long snapshot = storeStaleEntry();
		assertThat(refreshOnce(snapshot, request -> Mono.error(new ConnectException("refused")))).isEqualTo("failed");

		refresher(request -> Mono.never(), Duration.ofMillis(200)).refresh(exchange(), key, stale(), snapshot,
				CacheTestData.policy());
		assertThat(meters.next()).as("bounded by refresh-timeout").isEqualTo("failed");

		assertThat(CacheTestData.text(((Lookup.Hit) store.lookup(key).block(WAIT)).entry())).isEqualTo("stale");
	}

	@Test
	void aKeyWhoseLeaseIsHeldIsBeingRefreshedElsewhereAndIsNotRefreshedAgain() throws Exception {
		long snapshot = storeStaleEntry();
		CacheLeases otherInstance = redis.leases(Duration.ofSeconds(5));
		otherInstance.acquire(key, otherInstance.newToken()).block(WAIT);
		assertThat(refreshOnce(snapshot, request -> answer(200, "fresh", "Cachegate-Cache-Control", "max-age=60")))
			.isEqualTo("skipped");
		assertThat(sent).isEmpty();
	}

	/**
	 * An entry 70 s old, fresh for 60 s, kept 30 s more for stale-while-revalidate; the
	 * snapshot its lookup returns.
	 */
	private long storeStaleEntry() {
		CacheEntry stale = new CacheEntry(200, List.of(new CacheEntry.Header("Content-Type", "text/plain")),
				"stale".getBytes(), clock.instant().minusSeconds(70), Duration.ofSeconds(60), Duration.ofSeconds(30),
				Duration.ZERO, key.material(), List.of(CacheKeys.uriTag("/users/1")));
		assertThat(store.storeAt(key, 0, stale).block(WAIT)).isNotNegative();
		Lookup.Hit hit = (Lookup.Hit) store.lookup(key).block(WAIT);
		assertThat(hit.entry().isFresh(clock.instant())).isFalse();
		storedStale = hit.entry();
		return hit.sequence();
	}

	/** The stale entry {@link #storeStaleEntry()} stored, as its lookup found it. */
	private CacheEntry stale() {
		return storedStale;
	}

	/** Refreshes the stale entry once, against this origin; what the refresh did. */
	private String refreshOnce(long snapshot, Function<ClientRequest, Mono<ClientResponse>> origin)
			throws InterruptedException {
		refresher(origin).refresh(exchange(), key, stale(), snapshot, CacheTestData.policy());
		return meters.next();
	}

	private StaleRefresher refresher(Function<ClientRequest, Mono<ClientResponse>> origin) {
		return refresher(origin, Duration.ofSeconds(10));
	}

	private StaleRefresher refresher(Function<ClientRequest, Mono<ClientResponse>> origin, Duration refreshTimeout) {
		StampedeProperties properties = new StampedeProperties(0, Duration.ofSeconds(5), Duration.ofSeconds(5),
				Duration.ofMillis(10), refreshTimeout);
		return new StaleRefresher(client(origin), store, redis.leases(Duration.ofSeconds(5)),
				new TtlJitter(0, () -> 0L), new CacheMetrics(meters), properties, clock);
	}

	private WebClient client(Function<ClientRequest, Mono<ClientResponse>> origin) {
		return WebClient.builder().exchangeFunction(request -> {
			sent.add(request);
			return origin.apply(request);
		}).build();
	}

	private static Mono<ClientResponse> answer(int status, String body, String... headers) {
		ClientResponse.Builder response = ClientResponse.create(HttpStatus.valueOf(status))
			.header("Content-Type", "text/plain");
		for (int i = 0; i < headers.length; i += 2) {
			response.header(headers[i], headers[i + 1]);
		}
		return Mono.just(response.body(body).build());
	}

	private MockServerWebExchange exchange() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/users/1?page=2")
			.header("Authorization", "Bearer caller-token")
			.header("X-Request-Id", "r-1")
			.header("If-None-Match", "\"3\"")
			.header("Range", "bytes=0-1"));
		Route target = Route.async()
			.id(route)
			.uri(URI.create("http://origin.test:8082"))
			.predicate(any -> true)
			.build();
		exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, target);
		return exchange;
	}

	/**
	 * A registry that hands each {@code cachegate.cache.refreshes} outcome to the test as
	 * it is counted: the end of a refresh that runs detached from its request.
	 */
	private static final class RefreshOutcomes extends SimpleMeterRegistry {

		private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

		String next() throws InterruptedException {
			String outcome = outcomes.poll(10, TimeUnit.SECONDS);
			assertThat(outcome).as("a refresh ended").isNotNull();
			return outcome;
		}

		@Override
		protected Counter newCounter(Meter.Id id) {
			Counter counter = super.newCounter(id);
			if (!"cachegate.cache.refreshes".equals(id.getName())) {
				return counter;
			}
			return new Counter() {

				@Override
				public void increment(double amount) {
					counter.increment(amount);
					outcomes.add(id.getTag("outcome"));
				}

				@Override
				public double count() {
					return counter.count();
				}

				@Override
				public Meter.Id getId() {
					return id;
				}

			};
		}

	}

}
