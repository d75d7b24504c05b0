package io.cachegate.auth.keys;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RSA key pair and its key id, the RFC 7638 JWK thumbprint of its public key (so
 * every instance that loads the same key names it the same).
 *
 * @param kid the key id ({@code kid} in token headers and the JWKS)
 * @param privateKey signs tokens
 * @param publicKey verifies them; published
 */
public record SigningKey(String kid, RSAPrivateCrtKey privateKey, RSAPublicKey publicKey) {

	/**
	 * @param privateKey an RSA private key with its CRT parts (as PKCS#8 keys carry)
	 * @return the pair, with its public key derived and its thumbprint as kid
	 */
	public static SigningKey of(RSAPrivateCrtKey privateKey) {
		try {
			RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
				.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
			return new SigningKey(JwkThumbprint.of(publicKey), privateKey, publicKey);
		}
		catch (NoSuchAlgorithmException | InvalidKeySpecException ex) {
			throw new IllegalStateException("Cannot derive the RSA public key", ex);
		}
	}

	/** The public key as an RFC 7517 JWK. */
	public Map<String, Object> toPublicJwk() {
		Map<String, Object> jwk = new LinkedHashMap<>();
		jwk.put("kty", "RSA");
		jwk.put("kid", this.kid);
		jwk.put("use", "sig");
		jwk.put("alg", "RS256");
		jwk.put("n", base64Url(this.publicKey.getModulus()));
		jwk.put("e", base64Url(this.publicKey.getPublicExponent()));
		return jwk;
	}

	@Override
	public String toString() {
		return "SigningKey[kid=" + this.kid + "]";
	}

	/** RFC 7518 6.3.1: the unsigned big-endian value, base64url without padding. */
	static String base64Url(BigInteger value) {
		byte[] bytes = value.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			byte[] unsigned = new byte[bytes.length - 1];
			System.arraycopy(bytes, 1, unsigned, 0, unsigned.length);
			bytes = unsigned;
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
