package io.cachegate.cache.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cachegate.gateway.testsupport.RealServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write-through that sticks, on the real services with their change events on: after a
 * POST or a PUT through one of two gateways, the first read, 0, 0.5, 2 or 5 s later, on
 * the gateway that took the write or on the other, is a HIT with the new data; the
 * write's own change event, which user-service publishes at commit, never throws the
 * entry away. And two writers of one user racing through the two gateways leave both on
 * the newest version.
 */
class ReadYourWritesIntegrationTests {

	private static final long[] DELAYS_MILLIS = { 0, 500, 2000, 5000 };

	private static final int WRITES = 20;

	private static RealServices services;

	private static GatewayInstance first;

	private static GatewayInstance second;

	private static String token;

	@BeforeAll
	static void start() {
		services = RealServices.start("read-your-writes", Map.of());
		Map<String, String> settings = Map.of("REDIS_URL", services.redis().endpoint().url(), "AUTH_SERVICE_URL",
				services.authUrl(), "AUTH_JWKS_URL", services.authUrl() + "/auth/jwks", "USER_SERVICE_URL",
				services.usersUrl());
		first = GatewayInstance.start(settings);
		second = GatewayInstance.start(settings);
		token = services.adminToken();
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, services }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// Best effort.
				}
			}
		}
	}

	@Test
	void everyFirstReadAfterAPostIsAHitWithTheNewDataOnBothGateways() {
		List<Write> writes = new ArrayList<>();
		for (int i = 0; i < WRITES; i++) {
			String city = "post-" + i;
			GatewayInstance.Response created = first.post("/users", token, RealServices.newUser(city));
			assertThat(created.status()).isEqualTo(201);
			assertThat(created.header("Cache-Status")).hasValue("cachegate; fwd=method; detail=stored");
			writes.add(new Write(created.header("Location").orElseThrow(), city, i));
		}
		assertEveryFirstReadIsAHit(writes);
	}

	@Test
	void everyFirstReadAfterAPutIsAHitWithTheNewDataOnBothGateways() {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < WRITES; i++) {
			ids.add(services.createDirectly(token));
		}
		List<Write> writes = new ArrayList<>();
		for (int i = 0; i < WRITES; i++) {
			String path = "/users/" + ids.get(i);
			String city = "put-" + i;
			GatewayInstance.Response replaced = first.put(path, token, RealServices.newUser(city));
			assertThat(replaced.status()).isEqualTo(200);
			assertThat(replaced.header("Cache-Status")).hasValue("cachegate; fwd=method; detail=stored");
			writes.add(new Write(path, city, i));
		}
		assertEveryFirstReadIsAHit(writes);
	}

	@Test
	void twoWritersOfOneUserRacingThroughTwoGatewaysLeaveBothOnTheNewestVersion() {
		for (int round = 0; round < 10; round++) {
			String path = "/users/" + services.createDirectly(token);
			CompletableFuture<GatewayInstance.Response> one = CompletableFuture
				.supplyAsync(() -> first.put(path, token, RealServices.newUser("one")));
			CompletableFuture<GatewayInstance.Response> other = CompletableFuture
				.supplyAsync(() -> second.put(path, token, RealServices.newUser("other")));
			assertThat(one.join().status()).isEqualTo(200);
			assertThat(other.join().status()).isEqualTo(200);
			String newest = services.readDirectly(path, token).etag();
			for (GatewayInstance gateway : List.of(first, second)) {
				GatewayInstance.Response read = gateway.get(path, token);
				assertThat(read.header("ETag")).as("round %d, %s", round, path).hasValue(newest);
				assertThat(gateway.get(path, token).header("X-Cache")).hasValue("HIT");
			}
		}
	}

	/**
	 * Each write is read once, {@code DELAYS_MILLIS[(i / 2) % 4]} after its answer, on
	 * the gateway that took it when {@code i} is even and on the other one when odd. Only
	 * that first read says anything: a miss would store the entry again for the next.
	 */
	private static void assertEveryFirstReadIsAHit(List<Write> writes) {
		ScheduledExecutorService readers = Executors.newScheduledThreadPool(4);
		try {
			List<CompletableFuture<Read>> reads = new ArrayList<>();
			for (Write write : writes) {
				long delay = DELAYS_MILLIS[(write.index() / 2) % DELAYS_MILLIS.length];
				GatewayInstance gateway = write.index() % 2 == 0 ? first : second;
				CompletableFuture<Read> read = new CompletableFuture<>();
				readers.schedule(
						() -> read.complete(new Read(write, delay, gateway == first, gateway.get(write.path(), token))),
						delay, TimeUnit.MILLISECONDS);
				reads.add(read);
			}
			List<Read> done = reads.stream().map(read -> read.orTimeout(60, TimeUnit.SECONDS).join()).toList();
			assertThat(done).allSatisfy(read -> {
				assertThat(read.response().header("X-Cache")).as("%s", read).hasValue("HIT");
				assertThat(read.response().body()).contains("\"city\":\"" + read.write().city() + "\"");
			});
		}
		finally {
			readers.shutdownNow();
		}
	}

	private record Write(String path, String city, int index) {
	}

	private record Read(Write write, long delayMillis, boolean onTheWriter, GatewayInstance.Response response) {

		@Override
		public String toString() {
			return "read of " + write.path() + " " + delayMillis + " ms after its write, on "
					+ (onTheWriter ? "the writer" : "the other gateway") + ": " + response.header("Cache-Status");
		}

	}

}
