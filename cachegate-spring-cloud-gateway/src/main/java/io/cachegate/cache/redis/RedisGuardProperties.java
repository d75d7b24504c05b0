package io.cachegate.cache.redis;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway protects itself from a slow or absent Redis
 * ({@code cachegate.redis.*}).
 *
 * @param timeout the longest any one Redis call may take before the gateway gives up on
 * it and goes on without the cache ({@code CACHEGATE_REDIS_TIMEOUT}); keep it well under
 * the origin's own latency
 * @param failureRateThreshold percentage of failed calls in the window that opens the
 * circuit
 * @param slidingWindowSize how many recent calls the failure rate is computed over; wide,
 * so that a burst of timeouts on a saturated machine (Redis itself fine) does not open
 * the circuit (see CACHE.md)
 * @param minimumCalls calls needed in the window before the rate counts
 * @param openDuration how long the circuit stays open (no Redis calls at all) before a
 * few trial calls ({@code CACHEGATE_REDIS_OPEN_DURATION})
 * @param reconnectDelay the longest pause between Lettuce's reconnection attempts, so
 * caching resumes soon after Redis is back
 * @param lookupConnections how many Redis connections the cache's lookups use of their
 * own ({@code CACHEGATE_REDIS_LOOKUP_CONNECTIONS}); 0, the default, opens one per request
 * event loop; negative, none: lookups go through the template
 */
@Validated
@ConfigurationProperties("cachegate.redis")
public record RedisGuardProperties(@DefaultValue("100ms") @NotNull Duration timeout,
		@DefaultValue("50") @Min(1) @Max(100) int failureRateThreshold,
		@DefaultValue("100") @Min(1) int slidingWindowSize, @DefaultValue("20") @Min(1) int minimumCalls,
		@DefaultValue("2s") @NotNull Duration openDuration, @DefaultValue("500ms") @NotNull Duration reconnectDelay,
		@DefaultValue("0") int lookupConnections) {

}
