package io.cachegate.users.user;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the users feature (prefix {@code cachegate.users}).
 *
 * @param cacheControl the directives sent to the gateway alone in
 * {@code Cachegate-Cache-Control} on reads and writes, e.g.
 * {@code max-age=60, stale-while-revalidate=30} (env
 * {@code CACHEGATE_USERS_CACHE_CONTROL}); every other cache sees
 * {@code Cache-Control: private, no-store}
 */
@Validated
@ConfigurationProperties("cachegate.users")
record UsersProperties(@NotBlank @DefaultValue("max-age=60") String cacheControl) {

}
