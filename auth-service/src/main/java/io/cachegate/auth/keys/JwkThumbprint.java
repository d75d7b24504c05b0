package io.cachegate.auth.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * RFC 7638 JWK thumbprint of an RSA public key: SHA-256 over the required members in
 * lexicographic order with no whitespace, base64url without padding. A stable key id that
 * needs no coordination.
 */
final class JwkThumbprint {

	private JwkThumbprint() {
	}

	static String of(RSAPublicKey key) {
		String canonical = "{\"e\":\"" + SigningKey.base64Url(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
				+ SigningKey.base64Url(key.getModulus()) + "\"}";
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
