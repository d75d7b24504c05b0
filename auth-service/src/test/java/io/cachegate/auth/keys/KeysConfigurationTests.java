package io.cachegate.auth.keys;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.cachegate.auth.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

@ExtendWith(OutputCaptureExtension.class)
class KeysConfigurationTests {

	@Test
	void publishesBothKeysOfAFileAndSignsWithTheLast() {
		Path file = TestKeys.writePemFile(TestKeys.FILE_OLDER, TestKeys.FILE_NEWEST);
		SigningKeys keys = KeysConfiguration.load(new KeyProperties("", file.toString()));
		assertThat(keys.all()).extracting(SigningKey::kid)
			.containsExactly(kid(TestKeys.FILE_OLDER), kid(TestKeys.FILE_NEWEST));
		assertThat(keys.current().kid()).isEqualTo(kid(TestKeys.FILE_NEWEST));
		assertThat(keys.toJwkSet().get("keys")).asList().hasSize(2);
	}

	@Test
	void listsTheVariablesKeysBeforeTheFilesKeys() {
		Path file = TestKeys.writePemFile(TestKeys.FILE_NEWEST);
		String variable = TestKeys.pem(TestKeys.ENV_KEY) + TestKeys.pem(TestKeys.FILE_OLDER);
		SigningKeys keys = KeysConfiguration.load(new KeyProperties(variable, file.toString()));
		assertThat(keys.all()).extracting(SigningKey::kid)
			.containsExactly(kid(TestKeys.ENV_KEY), kid(TestKeys.FILE_OLDER), kid(TestKeys.FILE_NEWEST));
		assertThat(keys.current().kid()).isEqualTo(kid(TestKeys.FILE_NEWEST));
	}

	@Test
	void readsPemWrittenOnOneLineWithLiteralNewlines() {
		String oneLine = TestKeys.pem(TestKeys.ENV_KEY).replace("\n", "\\n");
		SigningKeys keys = KeysConfiguration.load(new KeyProperties(oneLine, ""));
		assertThat(keys.current().kid()).isEqualTo(kid(TestKeys.ENV_KEY));
	}

	@Test
	void theKeyIdDependsOnlyOnTheKey() {
		String pem = TestKeys.pem(TestKeys.ENV_KEY);
		assertThat(KeysConfiguration.load(new KeyProperties(pem, "")).current().kid())
			.isEqualTo(KeysConfiguration.load(new KeyProperties(pem, "")).current().kid());
	}

	@Test
	void generatesAKeyWithAWarningWhenNoneIsConfigured(CapturedOutput output) {
		SigningKeys keys = KeysConfiguration.load(new KeyProperties("", ""));
		assertThat(keys.all()).hasSize(1);
		assertThat(keys.current().publicKey().getModulus().bitLength()).isEqualTo(2048);
		assertThat(output).contains("WARN").contains("No signing key configured");
	}

	@Test
	void refusesPkcs1KeysWithAHowTo() {
		String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----\n";
		assertThatIllegalArgumentException().isThrownBy(() -> KeysConfiguration.load(new KeyProperties(pkcs1, "")))
			.withMessageContaining("PKCS#8")
			.withMessageContaining("CACHEGATE_JWT_KEYS");
	}

	@Test
	void refusesABlockThatIsNotAnRsaKey() {
		String garbage = "-----BEGIN PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(new byte[64])
				+ "\n-----END PRIVATE KEY-----";
		assertThatIllegalArgumentException().isThrownBy(() -> KeysConfiguration.load(new KeyProperties(garbage, "")))
			.withMessageContaining("not a valid RSA PKCS#8 key");
	}

	@Test
	void refusesTextWithoutAKey() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeysConfiguration.load(new KeyProperties("just some text", "")))
			.withMessageContaining("No '-----BEGIN PRIVATE KEY-----' block");
	}

	@Test
	void refusesKeysShorterThan2048Bits() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(1024);
		KeyPair small = generator.generateKeyPair();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeysConfiguration.load(new KeyProperties(TestKeys.pem(small), "")))
			.withMessageContaining("1024 bits");
	}

	@Test
	void saysWhichFileIsMissing() {
		assertThatIllegalStateException()
			.isThrownBy(() -> KeysConfiguration.load(new KeyProperties("", "/nonexistent/keys.pem")))
			.withMessageContaining("/nonexistent/keys.pem");
	}

	private static String kid(KeyPair pair) {
		return SigningKey.of((RSAPrivateCrtKey) pair.getPrivate()).kid();
	}

}
