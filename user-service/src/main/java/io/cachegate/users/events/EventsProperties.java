package io.cachegate.users.events;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the change-event relay (prefix {@code cachegate.events}).
 *
 * @param enabled whether this instance runs the relay at all
 * ({@code CACHEGATE_EVENTS_ENABLED}); events are written to the outbox by the database
 * either way, so turning it off only delays them until a relay runs
 * @param stream the Redis Stream the events go to ({@code CACHEGATE_EVENTS_STREAM})
 * @param maxLength the approximate length the stream is trimmed to on every publish
 * ({@code MAXLEN ~}); a gateway that falls further behind than this drops its cache and
 * says so ({@code CACHEGATE_EVENTS_MAX_LENGTH})
 * @param pollInterval how often the relay looks at the outbox when no notification woke
 * it up, a safety net for a lost {@code NOTIFY} and the retry period while Redis is down
 * ({@code CACHEGATE_EVENTS_POLL_INTERVAL})
 * @param batchSize the most outbox rows read per query
 * ({@code CACHEGATE_EVENTS_BATCH_SIZE})
 * @param publishTimeout the longest one publish to Redis may take before the relay stops
 * and retries later ({@code CACHEGATE_EVENTS_PUBLISH_TIMEOUT})
 * @param leaderRetry how often an instance that is not the relay tries to become it, and
 * how soon the relay reconnects after losing its database connection
 * ({@code CACHEGATE_EVENTS_LEADER_RETRY})
 * @param retention how long published outbox rows are kept (for inspection and replay)
 * before the relay deletes them ({@code CACHEGATE_EVENTS_RETENTION})
 */
@Validated
@ConfigurationProperties("cachegate.events")
record EventsProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("cachegate:changes") @NotBlank String stream, @DefaultValue("100000") @Min(1) long maxLength,
		@DefaultValue("100ms") @NotNull Duration pollInterval, @DefaultValue("100") @Min(1) int batchSize,
		@DefaultValue("2s") @NotNull Duration publishTimeout, @DefaultValue("1s") @NotNull Duration leaderRetry,
		@DefaultValue("24h") @NotNull Duration retention) {

}
