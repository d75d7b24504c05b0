package io.cachegate.auth.keys;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Documentation only: the JWK set {@link JwksController} publishes (it answers the map
 * built by {@link SigningKey#toPublicJwk()}, which has exactly these members).
 *
 * @param keys the published keys, the signing one last
 */
@Schema(name = "JwkSet")
record JwkSetSchema(List<Jwk> keys) {

	/**
	 * One RSA public key.
	 *
	 * @param kty always {@code RSA}
	 * @param kid the RFC 7638 thumbprint
	 * @param use always {@code sig}
	 * @param alg always {@code RS256}
	 * @param n the modulus, base64url
	 * @param e the exponent, base64url
	 */
	@Schema(name = "Jwk")
	record Jwk(@Schema(example = "RSA") String kty, String kid, @Schema(example = "sig") String use,
			@Schema(example = "RS256") String alg, String n, @Schema(example = "AQAB") String e) {

	}

}
