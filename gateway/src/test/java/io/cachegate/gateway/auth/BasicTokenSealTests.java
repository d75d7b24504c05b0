package io.cachegate.gateway.auth;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BasicTokenSealTests {

	private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI0MiJ9.c2lnbmF0dXJl";

	private final BasicTokenSeal seal = new BasicTokenSeal(
			new SecretKeySpec("the-gateway-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

	@Test
	void onlyTheSameCredentialsOpenWhatWasSealed() {
		byte[] sealed = seal.seal("alice:s3cret", TOKEN);
		assertThat(seal.unseal("alice:s3cret", sealed)).contains(TOKEN);
		assertThat(seal.unseal("alice:guess", sealed)).isEmpty();
		BasicTokenSeal otherSecret = new BasicTokenSeal(
				new SecretKeySpec("another-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		assertThat(otherSecret.unseal("alice:s3cret", sealed)).isEmpty();
	}

	@Test
	void theSealedValueHoldsNoPartOfTheToken() {
		String sealed = new String(seal.seal("alice:s3cret", TOKEN), StandardCharsets.ISO_8859_1);
		for (String part : TOKEN.split("\\.")) {
			assertThat(sealed).doesNotContain(part);
		}
	}

	@Test
	void aPlainOrDamagedValueIsNoToken() {
		assertThat(seal.unseal("alice:s3cret", TOKEN.getBytes(StandardCharsets.US_ASCII))).isEmpty();
		byte[] sealed = seal.seal("alice:s3cret", TOKEN);
		sealed[sealed.length - 1] ^= 1;
		assertThat(seal.unseal("alice:s3cret", sealed)).isEmpty();
		assertThat(seal.unseal("alice:s3cret", new byte[3])).isEmpty();
	}

}
