package io.cachegate.gateway.testsupport;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;

/** An RSA key the tests sign tokens with, as auth-service would, and its JWKS. */
public final class TestTokens {

	public static final String ISSUER = "cachegate-auth";

	public static final String AUDIENCE = "cachegate";

	private final KeyPair keyPair;

	private final String kid;

	public TestTokens(String kid) {
		this.kid = kid;
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			this.keyPair = generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String kid() {
		return kid;
	}

	public KeyPair keyPair() {
		return keyPair;
	}

	/**
	 * {@code {"keys":[...]}} with this key (and any others given as JWK JSON objects).
	 */
	public String jwks(String... otherKeys) {
		StringBuilder keys = new StringBuilder(jwk());
		for (String other : otherKeys) {
			keys.append(',').append(other);
		}
		return "{\"keys\":[" + keys + "]}";
	}

	public String jwk() {
		RSAPublicKey key = (RSAPublicKey) keyPair.getPublic();
		return "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
				+ b64(key.getModulus()) + "\",\"e\":\"" + b64(key.getPublicExponent()) + "\"}";
	}

	/** A valid token for a role, 15 minutes long. */
	public String token(String role) {
		return token(role, b -> b);
	}

	public String token(String role, UnaryOperator<JwtBuilder> customize) {
		Instant now = Instant.now();
		JwtBuilder builder = Jwts.builder()
			.header()
			.keyId(kid)
			.and()
			.issuer(ISSUER)
			.audience()
			.add(AUDIENCE)
			.and()
			.subject("42")
			.claim("preferred_username", "alice")
			.claim("role", role)
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(Duration.ofMinutes(15))))
			.id(UUID.randomUUID().toString())
			.signWith(keyPair.getPrivate(), Jwts.SIG.RS256);
		return customize.apply(builder).compact();
	}

	private static String b64(BigInteger value) {
		byte[] bytes = value.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			byte[] trimmed = new byte[bytes.length - 1];
			System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
			bytes = trimmed;
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
