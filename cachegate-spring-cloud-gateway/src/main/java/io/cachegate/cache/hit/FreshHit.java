package io.cachegate.cache.hit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

import io.cachegate.cache.http.CacheHeaders;
import io.cachegate.cache.store.CacheEntry;

/**
 * A fresh entry as a hit answers it, read at one instant: what {@code CacheFilter} would
 * write for it, minus the per-request fields. The same entry object comes back while the
 * near cache holds it ({@link #entry()} tells), so a handler may keep a prepared form of
 * it.
 */
public final class FreshHit {

	private final CacheEntry entry;

	private final long ageSeconds;

	private final long ttlSeconds;

	FreshHit(CacheEntry entry, Instant now) {
		this.entry = entry;
		Duration age = entry.age(now);
		this.ageSeconds = age.toSeconds();
		this.ttlSeconds = Math.max(0, entry.freshness().minus(age).toSeconds());
	}

	/** The stored entry itself, to be compared by identity only. */
	public Object entry() {
		return entry;
	}

	public int status() {
		return entry.status();
	}

	/** The stored headers, in their stored order. */
	public void forEachHeader(BiConsumer<String, String> action) {
		for (CacheEntry.Header header : entry.headers()) {
			action.accept(header.name(), header.value());
		}
	}

	/** The body; not to be modified. */
	public byte[] body() {
		return entry.body();
	}

	/** The {@code Age} value. */
	public long ageSeconds() {
		return ageSeconds;
	}

	/** The {@code ttl} of {@code Cache-Status}: freshness left, in whole seconds. */
	public long ttlSeconds() {
		return ttlSeconds;
	}

	/**
	 * Whether the request's conditionals make the answer a 304
	 * ({@link CacheHeaders#notModified}).
	 * @param ifNoneMatch the request's {@code If-None-Match} lines (null or empty when it
	 * sent none)
	 * @param ifModifiedSince its {@code If-Modified-Since}, or null
	 */
	public boolean notModifiedFor(List<String> ifNoneMatch, String ifModifiedSince) {
		return CacheHeaders.notModified(ifNoneMatch, ifModifiedSince, entry);
	}

}
