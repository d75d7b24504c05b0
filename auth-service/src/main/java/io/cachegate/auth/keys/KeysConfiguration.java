package io.cachegate.auth.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the signing keys once at start. With none configured it generates one, which is
 * fine for a single developer instance but not for several: each would sign with its own
 * key, so it says so loudly.
 */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(KeysConfiguration.class);

	@Bean
	SigningKeys signingKeys(KeyProperties properties) {
		SigningKeys keys = load(properties);
		logger.info("Publishing {} signing key(s) {}; signing with kid {}", keys.all().size(),
				keys.all().stream().map(SigningKey::kid).toList(), keys.current().kid());
		return keys;
	}

	static SigningKeys load(KeyProperties properties) {
		List<SigningKey> keys = new ArrayList<>();
		PemKeys.parse(properties.keys(), "CACHEGATE_JWT_KEYS").forEach((key) -> keys.add(SigningKey.of(key)));
		if (!properties.keyFile().isEmpty()) {
			Path file = Path.of(properties.keyFile());
			try {
				String pem = Files.readString(file, StandardCharsets.US_ASCII);
				PemKeys.parse(pem, file.toString()).forEach((key) -> keys.add(SigningKey.of(key)));
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot read the key file " + file + " (CACHEGATE_JWT_KEY_FILE)", ex);
			}
		}
		if (keys.isEmpty()) {
			SigningKey generated = SigningKey.of(generate());
			logger.warn("No signing key configured (CACHEGATE_JWT_KEYS, CACHEGATE_JWT_KEY_FILE): generated RSA key {}. "
					+ "Tokens will not verify after a restart, nor across instances; configure a key for anything "
					+ "but local development.", generated.kid());
			keys.add(generated);
		}
		return new SigningKeys(keys);
	}

	private static RSAPrivateCrtKey generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("RSA is missing from this JVM", ex);
		}
	}

}
