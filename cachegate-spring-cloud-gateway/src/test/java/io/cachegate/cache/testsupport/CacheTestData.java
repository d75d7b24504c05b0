package io.cachegate.cache.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.util.unit.DataSize;

import io.cachegate.cache.http.CacheKeys;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheKey;

/**
 * Routes, keys, policies and entries for the cache's unit tests. Each test takes a route
 * of its own ({@link #uniqueRoute}), so tests share the test Redis without seeing each
 * other's keys, sequence or tag marks.
 */
public final class CacheTestData {

	private CacheTestData() {
	}

	public static String uniqueRoute(String purpose) {
		return purpose + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
	}

	/**
	 * The key of a GET of {@code path} on {@code route}, as the cache filter makes it.
	 */
	public static CacheKey key(String route, String path) {
		return CacheKey.of(route, path, route + " GET " + path);
	}

	/**
	 * The route policy's defaults (60 s default TTL, 10 min cap, no stale windows, 256 KB
	 * entries).
	 */
	public static RoutePolicy policy() {
		return policy(Duration.ZERO, Duration.ZERO);
	}

	/** The defaults with the route's own stale windows. */
	public static RoutePolicy policy(Duration staleWhileRevalidate, Duration staleIfError) {
		return policy(true, staleWhileRevalidate, staleIfError, DataSize.ofKilobytes(256));
	}

	/** The defaults but for these settings. */
	public static RoutePolicy policy(boolean enabled, Duration staleWhileRevalidate, Duration staleIfError,
			DataSize maxEntrySize) {
		return new RoutePolicy(enabled, Duration.ofSeconds(60), Duration.ofMinutes(10), staleWhileRevalidate,
				staleIfError, maxEntrySize, true, List.of(), List.of(), List.of(),
				List.of("Cachegate-Cache-Control", "CDN-Cache-Control"), false, Duration.ofMinutes(1), 16, 1);
	}

	/**
	 * A 200 entry of {@code key} with a text body, its URI tag, no stale windows.
	 */
	public static CacheEntry entry(CacheKey key, String body, Instant storedAt, Duration freshness) {
		return new CacheEntry(200, List.of(new CacheEntry.Header("Content-Type", "text/plain")),
				body.getBytes(StandardCharsets.UTF_8), storedAt, freshness, Duration.ZERO, Duration.ZERO,
				key.material(), List.of(CacheKeys.uriTag(key.path())));
	}

	public static String text(CacheEntry entry) {
		return new String(entry.body(), StandardCharsets.UTF_8);
	}

}
