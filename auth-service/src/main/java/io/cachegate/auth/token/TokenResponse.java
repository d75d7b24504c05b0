package io.cachegate.auth.token;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * RFC 6749 section 5.1 token response.
 *
 * @param accessToken the JWT
 * @param tokenType always {@code Bearer}
 * @param expiresIn seconds until it expires
 */
record TokenResponse(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
		@JsonProperty("expires_in") long expiresIn) {

}
