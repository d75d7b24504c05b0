package io.cachegate.cache.stampede;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the cache keeps a crowd of requests for one key from becoming a crowd at the origin
 * ({@code cachegate.cache.stampede.*}, so {@code CACHEGATE_CACHE_STAMPEDE_*} in the
 * environment).
 *
 * @param ttlJitter percentage by which a stored entry's freshness is shortened at random
 * (0 to this), so entries stored together do not all expire together
 * ({@code CACHEGATE_CACHE_STAMPEDE_TTL_JITTER}); only ever shortened, so the origin's
 * lifetime is never exceeded
 * @param coalesceWait the longest a request waits for another request's answer to the
 * same key (in this instance, or through the Redis lease in another) before going to the
 * origin itself ({@code CACHEGATE_CACHE_STAMPEDE_COALESCE_WAIT})
 * @param leaseTime how long the Redis lease {@code cg:{route}:lock:<hash>} is held at
 * most: the bound on how long other instances defer to a gateway that died mid-request
 * ({@code CACHEGATE_CACHE_STAMPEDE_LEASE_TIME})
 * @param leasePoll the first pause between two looks for the entry while another instance
 * holds the lease; it doubles up to 8 times this
 * ({@code CACHEGATE_CACHE_STAMPEDE_LEASE_POLL})
 * @param refreshTimeout the longest a background refresh of a stale entry may take
 * ({@code CACHEGATE_CACHE_STAMPEDE_REFRESH_TIMEOUT})
 */
@Validated
@ConfigurationProperties("cachegate.cache.stampede")
public record StampedeProperties(@DefaultValue("5") @Min(0) @Max(50) int ttlJitter,
		@DefaultValue("5s") @NotNull Duration coalesceWait, @DefaultValue("5s") @NotNull Duration leaseTime,
		@DefaultValue("10ms") @NotNull Duration leasePoll, @DefaultValue("10s") @NotNull Duration refreshTimeout) {

}
