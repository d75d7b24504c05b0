package io.cachegate.cache.near;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The near cache (L1) in each gateway instance ({@code cachegate.cache.near.*}; the
 * former names {@code cachegate.l1.*} and {@code CACHEGATE_CACHE_NEAR_*} still apply, see
 * {@link FormerNearCacheNames}), in front of Redis.
 *
 * @param enabled whether hits may be answered from this instance's memory
 * ({@code CACHEGATE_CACHE_NEAR_ENABLED}); off, every hit costs one Redis round trip and
 * writes are acknowledged without waiting
 * @param maxBytes the most memory the held entries may take, bodies and headers counted
 * ({@code CACHEGATE_CACHE_NEAR_MAX_BYTES})
 * @param ttl the staleness bound: an entry is held at most this long after it was read
 * from Redis ({@code CACHEGATE_CACHE_NEAR_TTL}); change events and this instance's own
 * writes usually evict it much sooner
 * @param commitWait whether a write through this instance waits out {@code ttl} after its
 * invalidation before it is acknowledged, so that no other instance can serve what it
 * replaced once the client has the answer ({@code CACHEGATE_CACHE_NEAR_COMMIT_WAIT});
 * without it, other instances may serve the old representation for up to {@code ttl}
 * after the acknowledgement (usually far less: the change event evicts it)
 */
@Validated
@ConfigurationProperties("cachegate.cache.near")
public record NearCacheProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("64MB") @NotNull DataSize maxBytes, @DefaultValue("200ms") @NotNull Duration ttl,
		@DefaultValue("true") boolean commitWait) {

	/**
	 * How long a write waits after its invalidation before it is acknowledged: zero
	 * unless L1 and the wait are on.
	 */
	Duration writeWait() {
		return (enabled && commitWait) ? ttl : Duration.ZERO;
	}

}
