package io.cachegate.auth.keys;

import java.time.Duration;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes the public keys as an RFC 7517 JWK set. Verifiers may cache it for five
 * minutes; a rotation publishes the new key before it signs, so that is safe.
 */
@RestController
class JwksController {

	private final Map<String, Object> jwkSet;

	JwksController(SigningKeys keys) {
		this.jwkSet = keys.toJwkSet();
	}

	@Operation(summary = "The public signing keys (RFC 7517 JWK set)",
			description = "Public; Cache-Control: public, max-age=300. The last key listed signs new tokens.")
	@ApiResponse(responseCode = "200", description = "The key set", content = {
			@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = JwkSetSchema.class)),
			@Content(mediaType = "application/jwk-set+json", schema = @Schema(implementation = JwkSetSchema.class)) })
	@GetMapping(path = { "/auth/jwks", "/.well-known/jwks.json" },
			produces = { MediaType.APPLICATION_JSON_VALUE, "application/jwk-set+json" })
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			// The media type is negotiated: a cache must key the answer by Accept.
			.varyBy(HttpHeaders.ACCEPT)
			.body(this.jwkSet);
	}

}
