package io.cachegate.cache.hit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cache's fast path ({@code cachegate.cache.fast-path.*}).
 *
 * @param enabled whether fresh hits on cached routes are answered before Spring WebFlux
 * builds its exchange and runs its filters ({@code CACHEGATE_CACHE_FAST_PATH_ENABLED});
 * {@code false} sends every request through the full gateway, which answers the same
 * bytes more slowly
 */
@ConfigurationProperties("cachegate.cache.fast-path")
public record FastPathProperties(@DefaultValue("true") boolean enabled) {
}
