package io.cachegate.gateway.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway authenticates requests ({@code cachegate.auth.*}).
 *
 * @param jwksUrl where auth-service publishes its signing keys ({@code AUTH_JWKS_URL})
 * @param tokenUrl where Basic credentials are exchanged for a token
 * ({@code AUTH_TOKEN_URL}, default {@code ${AUTH_SERVICE_URL}/auth/token})
 * @param issuer the required {@code iss} claim ({@code CACHEGATE_JWT_ISSUER})
 * @param audience the required {@code aud} claim ({@code CACHEGATE_JWT_AUDIENCE})
 * @param algorithm the only accepted signature algorithm; anything else, {@code none}
 * included, is refused
 * @param clockSkew tolerance on {@code exp} and {@code nbf} for clocks that disagree a
 * little
 * @param jwksRefreshMinInterval the least time between two key fetches caused by unknown
 * {@code kid}s ({@code CACHEGATE_JWKS_REFRESH_MIN_INTERVAL}), so forged kids cannot
 * hammer auth-service
 * @param jwksTimeout the longest a key fetch may take
 * @param tokenTimeout the longest a Basic exchange at auth-service may take
 * ({@code CACHEGATE_AUTH_TOKEN_TIMEOUT}); kept under the 3 s within which a client must
 * get a clear failure, since the Redis lookup before it and the answer after it add to
 * what the client waits
 * @param basicCacheSecret the HMAC key that turns Basic credentials into Redis keys
 * ({@code CACHEGATE_BASIC_CACHE_SECRET}); empty means a random key per process, so
 * instances share nothing
 * @param basicTokenMargin how long before its {@code exp} a token obtained for Basic
 * credentials is dropped, so a request never goes on with a token about to expire
 * @param verifiedTokenCacheSize how many verified tokens are remembered in memory (each
 * until its {@code exp})
 * @param publicPaths requests that need no credentials: {@code [METHOD ]path-pattern}
 * ({@code CACHEGATE_AUTH_PUBLIC_PATHS}, comma separated); the defaults open the token
 * endpoint, the keys, Actuator's health and info (its other endpoints need the ADMIN
 * role) and the API documentation: the Swagger UI page and everything it loads (leave the
 * last four out to close the documentation)
 * @param internalHeaderPrefixes request headers the gateway owns: removed from what
 * clients send
 */
@Validated
@ConfigurationProperties("cachegate.auth")
public record AuthProperties(@DefaultValue("http://127.0.0.1:8081/auth/jwks") @NotNull URI jwksUrl,
		@DefaultValue("http://127.0.0.1:8081/auth/token") @NotNull URI tokenUrl,
		@DefaultValue("cachegate-auth") @NotBlank String issuer, @DefaultValue("cachegate") @NotBlank String audience,
		@DefaultValue("RS256") @NotBlank String algorithm, @DefaultValue("30s") @NotNull Duration clockSkew,
		@DefaultValue("30s") @NotNull Duration jwksRefreshMinInterval,
		@DefaultValue("2s") @NotNull Duration jwksTimeout, @DefaultValue("2s") @NotNull Duration tokenTimeout,
		@DefaultValue("") String basicCacheSecret, @DefaultValue("30s") @NotNull Duration basicTokenMargin,
		@DefaultValue("100000") @Min(1) long verifiedTokenCacheSize, @DefaultValue( {
				"POST /auth/token", "/auth/jwks", "/.well-known/jwks.json", "GET /actuator/health",
				"GET /actuator/health/**", "GET /actuator/info", "GET /v3/api-docs/**", "GET /swagger-ui.html",
				"GET /swagger-ui/**", "GET /webjars/swagger-ui/**" }) List<String> publicPaths,
		@DefaultValue({ "X-User-", "X-Cachegate-" }) List<String> internalHeaderPrefixes){

	public AuthProperties {
		publicPaths = List.copyOf(publicPaths);
		internalHeaderPrefixes = List.copyOf(internalHeaderPrefixes);
	}

}
