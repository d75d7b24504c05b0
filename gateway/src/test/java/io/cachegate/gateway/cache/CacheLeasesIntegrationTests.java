package io.cachegate.gateway.cache;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveRedisTemplate;

import io.cachegate.gateway.GatewayIntegrationTestSupport;
import io.cachegate.gateway.redis.LuaScript;
import io.cachegate.gateway.redis.RedisGuard;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis lease ({@link CacheLeases}) on a real Redis: one holder per key across instances; a request flight
 * takes over a lease its own instance left behind (its release, or its acquisition's reply, lost to a timeout)
 * instead of waiting it out; a background refresh never does, so refreshes stay one per key.
 */
class CacheLeasesIntegrationTests extends GatewayIntegrationTestSupport {

	@Autowired
	CacheLeases leases;

	@Autowired
	ReactiveRedisTemplate<String, byte[]> redis;

	@Autowired
	RedisGuard guard;

	@Test
	void aFlightTakesOverALeaseItsOwnInstanceLeftButNotOneOfAnotherInstance() {
		String path = "/users/lease-" + UUID.randomUUID();
		CacheKey key = CacheKey.of("users", path, "users GET " + path);
		CacheLeases otherInstance = new CacheLeases(redis, guard,
				LuaScript.load("scripts/cache-lease.lua", Long.class), Duration.ofSeconds(5));

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

}
