package io.cachegate.users.security;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How bearer tokens from auth-service are verified (prefix {@code cachegate.jwt}).
 *
 * @param jwksUrl where auth-service publishes its public keys (env
 * {@code AUTH_JWKS_URL}); fetched lazily, cached, and fetched again when a token names an
 * unknown {@code kid}
 * @param issuer the only accepted {@code iss} claim (env {@code CACHEGATE_JWT_ISSUER})
 * @param audience the audience that must appear in {@code aud} (env
 * {@code CACHEGATE_JWT_AUDIENCE})
 * @param clockSkew how far {@code exp}/{@code nbf} may be off, for clocks that drift
 * between hosts (env {@code CACHEGATE_JWT_CLOCK_SKEW})
 * @param jwksTimeout the longest a key-set fetch may take, connect included (env
 * {@code CACHEGATE_JWKS_TIMEOUT})
 */
@Validated
@ConfigurationProperties("cachegate.jwt")
record JwtProperties(@NotNull @DefaultValue("http://127.0.0.1:8081/auth/jwks") URI jwksUrl,
		@NotBlank @DefaultValue("cachegate-auth") String issuer, @NotBlank @DefaultValue("cachegate") String audience,
		@NotNull @DefaultValue("30s") Duration clockSkew, @NotNull @DefaultValue("3s") Duration jwksTimeout) {

}
