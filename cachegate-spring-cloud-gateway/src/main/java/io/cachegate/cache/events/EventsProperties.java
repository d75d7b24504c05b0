package io.cachegate.cache.events;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway follows user-service's change stream ({@code cachegate.events.*}).
 *
 * @param enabled whether this instance follows the stream at all
 * ({@code CACHEGATE_EVENTS_ENABLED})
 * @param stream the Redis Stream of change events ({@code CACHEGATE_EVENTS_STREAM})
 * @param route the route whose cache the events' tags belong to
 * ({@code CACHEGATE_EVENTS_ROUTE})
 * @param instanceId this instance's name, under which its position in the stream is kept,
 * so a restart resumes where it stopped ({@code CACHEGATE_INSTANCE_ID}); blank means host
 * name and port. Two instances must never share one
 * @param block how long one {@code XREAD} waits for news before it asks again
 * ({@code CACHEGATE_EVENTS_BLOCK})
 * @param batchSize the most events read at once ({@code CACHEGATE_EVENTS_BATCH_SIZE})
 * @param retryDelay the pause before following again after Redis failed
 * ({@code CACHEGATE_EVENTS_RETRY_DELAY})
 */
@Validated
@ConfigurationProperties("cachegate.events")
public record EventsProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("cachegate:changes") @NotBlank String stream, @DefaultValue("users") @NotBlank String route,
		@DefaultValue("") String instanceId, @DefaultValue("2s") @NotNull Duration block,
		@DefaultValue("100") @Min(1) int batchSize, @DefaultValue("1s") @NotNull Duration retryDelay) {

}
