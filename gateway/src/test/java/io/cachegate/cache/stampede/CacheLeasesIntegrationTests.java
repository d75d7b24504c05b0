package io.cachegate.cache.stampede;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.CacheProperties;
import io.cachegate.cache.redis.LuaScript;
import io.cachegate.cache.redis.RedisGuard;
import io.cachegate.cache.store.CacheKey;
import io.cachegate.gateway.GatewayIntegrationTestSupport;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis lease ({@link CacheLeases}) on a real Redis: one holder per key across
 * instances; a request flight takes over a lease its own instance left behind (its
 * release, or its acquisition's reply, lost to a timeout) instead of waiting it out; a
 * background refresh never does, so refreshes stay one per key.
 */
class CacheLeasesIntegrationTests extends GatewayIntegrationTestSupport {

	@Autowired
	CacheLeases leases;

	@Autowired
	ReactiveRedisTemplate<String, byte[]> redis;

	@Autowired
	RedisGuard guard;

	@Autowired
	CacheProperties properties;

	@Test
	void aFlightTakesOverALeaseItsOwnInstanceLeftButNotOneOfAnotherInstance() {
		String path = "/users/lease-" + UUID.randomUUID();
		CacheKey key = CacheKey.of("users", path, "users GET " + path);
		CacheLeases otherInstance = new CacheLeases(redis, guard, LuaScript.load("scripts/cache-lease.lua", Long.class),
				Duration.ofSeconds(5));

		// A lease this instance never released.
		assertThat(leases.acquireForFlight(key, leases.newToken()).block()).isEqualTo(CacheLeases.State.ACQUIRED);
		assertThat(otherInstance.acquireForFlight(key, otherInstance.newToken()).block())
			.isEqualTo(CacheLeases.State.HELD);
		assertThat(leases.acquire(key, leases.newToken()).block()).as("a refresh waits")
			.isEqualTo(CacheLeases.State.HELD);

		String mine = leases.newToken();
		assertThat(leases.acquireForFlight(key, mine).block()).as("a flight takes it over")
			.isEqualTo(CacheLeases.State.ACQUIRED);
		assertThat(otherInstance.acquireForFlight(key, otherInstance.newToken()).block())
			.isEqualTo(CacheLeases.State.HELD);

		// Held by another instance: never taken over.
		leases.release(key, mine).block();
		assertThat(otherInstance.acquireForFlight(key, otherInstance.newToken()).block())
			.isEqualTo(CacheLeases.State.ACQUIRED);
		assertThat(leases.acquireForFlight(key, leases.newToken()).block()).isEqualTo(CacheLeases.State.HELD);
	}

	/**
	 * A flight's leader whose client goes away while it waits for another instance's
	 * entry (before it ever asks the origin) ends its flight. Left registered, the flight
	 * held every later miss of that key in this instance for the whole coalesce wait (5
	 * s), one after the other: found under the benchmark's mixed workload, where each
	 * such wait ended in a client timeout, which cancelled the next leader the same way.
	 */
	@Test
	void aLeaderWhoseClientLeavesBeforeAskingTheOriginEndsItsFlight() {
		String path = "/users/gone-" + UUID.randomUUID();
		ORIGIN.on("GET", path, request -> Reply.of(200, "{\"id\":1}").header("Cache-Control", "public, max-age=60"));
		CacheKey key = CacheKeys.key("users", path, "", "USER", new HttpHeaders(), properties.policy("users"));
		CacheLeases otherInstance = new CacheLeases(redis, guard, LuaScript.load("scripts/cache-lease.lua", Long.class),
				Duration.ofSeconds(5));
		String theirs = otherInstance.newToken();
		assertThat(otherInstance.acquireForFlight(key, theirs).block()).isEqualTo(CacheLeases.State.ACQUIRED);
		String token = "Bearer " + TOKENS.token("USER");

		WebTestClient impatient = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofMillis(300))
			.build();
		assertThatThrownBy(() -> impatient.get().uri(path).header(HttpHeaders.AUTHORIZATION, token).exchange())
			.as("the leader waits for the other instance's entry")
			.hasMessageContaining("Timeout");
		otherInstance.release(key, theirs).block();

		long started = System.nanoTime();
		client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Status", "cachegate; fwd=miss; stored");
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		assertThat(took).as("a new flight, not a wait on the abandoned one (coalesce wait: 5 s)")
			.isLessThan(Duration.ofMillis(2500));
	}

}
