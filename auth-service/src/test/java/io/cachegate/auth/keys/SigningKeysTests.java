package io.cachegate.auth.keys;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cachegate.auth.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SigningKeysTests {

	/** RFC 7638 section 3.1: this key's thumbprint is given in the RFC. */
	private static final String RFC_7638_N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";

	@Test
	void keyIdIsTheRfc7638Thumbprint() throws Exception {
		BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(RFC_7638_N));
		RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
			.generatePublic(new RSAPublicKeySpec(n, BigInteger.valueOf(65537)));
		assertThat(JwkThumbprint.of(key)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
	}

	@Test
	void publicJwkRoundTripsTheModulusWithoutASignByte() {
		SigningKey key = key(TestKeys.ENV_KEY);
		Map<String, Object> jwk = key.toPublicJwk();
		assertThat(jwk).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e");
		assertThat(new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("n"))))
			.isEqualTo(key.publicKey().getModulus());
		assertThat(Base64.getUrlDecoder().decode((String) jwk.get("n"))).hasSize(256);
		assertThat(jwk.get("e")).isEqualTo("AQAB");
	}

	@Test
	void theLastKeySignsAndEveryKeyIsFoundByKid() {
		SigningKey older = key(TestKeys.FILE_OLDER);
		SigningKey newest = key(TestKeys.FILE_NEWEST);
		SigningKeys keys = new SigningKeys(List.of(older, newest));
		assertThat(keys.current()).isEqualTo(newest);
		assertThat(keys.find(older.kid())).contains(older);
		assertThat(keys.find("unknown")).isEmpty();
		assertThat(keys.find(null)).isEmpty();
	}

	@Test
	void aKeyListedTwiceKeepsItsLastPosition() {
		SigningKey a = key(TestKeys.FILE_OLDER);
		SigningKey b = key(TestKeys.FILE_NEWEST);
		SigningKeys keys = new SigningKeys(List.of(a, b, a));
		assertThat(keys.all()).containsExactly(b, a);
		assertThat(keys.current()).isEqualTo(a);
	}

	@Test
	void needsAtLeastOneKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SigningKeys(List.of()));
	}

	private static SigningKey key(java.security.KeyPair pair) {
		return SigningKey.of((RSAPrivateCrtKey) pair.getPrivate());
	}

}
