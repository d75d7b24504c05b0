package io.cachegate.auth.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the RSA signing keys come from. Every instance of the service must see the same
 * keys, so they come from configuration; the list is the keys of {@code keys} in order,
 * then those of {@code keyFile} in order, and the last key of that list signs (the others
 * are published so tokens they signed still verify).
 *
 * @param keys one or more PEM PKCS#8 RSA private keys
 * ({@code -----BEGIN PRIVATE KEY-----}) concatenated; empty for none
 * ({@code CACHEGATE_JWT_KEYS})
 * @param keyFile path of a PEM file holding one or more such keys; empty for none
 * ({@code CACHEGATE_JWT_KEY_FILE})
 */
@ConfigurationProperties("cachegate.jwt")
public record KeyProperties(String keys, String keyFile) {

	public KeyProperties {
		keys = (keys != null) ? keys : "";
		keyFile = (keyFile != null) ? keyFile.strip() : "";
	}

}
