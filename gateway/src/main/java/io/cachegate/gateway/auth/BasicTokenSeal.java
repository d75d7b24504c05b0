package io.cachegate.gateway.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a token obtained for Basic credentials is kept in Redis: AES-256-GCM under a key
 * derived from the credentials themselves (HMAC-SHA256 of the gateway's secret and
 * {@code user:password}), so someone who can read Redis, or even knows the secret, cannot
 * use the token without the password that obtained it. Value: a 12-byte random nonce,
 * then the ciphertext with its 16-byte tag. The Redis key is a different HMAC of the
 * credentials (a separate label), so the key says nothing about the encryption key.
 */
final class BasicTokenSeal {

	private static final String LABEL = "cachegate basic token key\0";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private final SecretKeySpec secret;

	private final SecureRandom random = new SecureRandom();

	BasicTokenSeal(SecretKeySpec secret) {
		this.secret = secret;
	}

	byte[] seal(String credentials, String token) {
		byte[] nonce = new byte[NONCE_BYTES];
		random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key(credentials), new GCMParameterSpec(TAG_BITS, nonce));
			byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.US_ASCII));
			return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES/GCM is part of every JDK", ex);
		}
	}

	/**
	 * The token, or empty when the value was not sealed for these credentials (or is
	 * damaged, or from elsewhere).
	 */
	Optional<String> unseal(String credentials, byte[] value) {
		if (value == null || value.length <= NONCE_BYTES + TAG_BITS / 8) {
			return Optional.empty();
		}
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key(credentials),
					new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(value, 0, NONCE_BYTES)));
			byte[] token = cipher.doFinal(value, NONCE_BYTES, value.length - NONCE_BYTES);
			return Optional.of(new String(token, StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			return Optional.empty();
		}
	}

	private SecretKeySpec key(String credentials) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(secret);
		return new SecretKeySpec(mac.doFinal((LABEL + credentials).getBytes(StandardCharsets.UTF_8)), "AES");
	}

}
