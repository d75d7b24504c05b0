package io.cachegate.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * RSA keys the integration tests configure, generated once per JVM so the tests can sign
 * their own (expired, wrong-audience, ...) tokens with a key the service trusts. Nothing
 * secret is committed.
 *
 * <p>
 * The service gets {@link #ENV_KEY} through {@code CACHEGATE_JWT_KEYS} and
 * {@link #FILE_OLDER} then {@link #FILE_NEWEST} through a PEM file in
 * {@code CACHEGATE_JWT_KEY_FILE}: three published keys, the last ({@link #FILE_NEWEST})
 * signs. {@link #STRANGER} is never configured.
 */
public final class TestKeys {

	public static final KeyPair ENV_KEY = generate();

	public static final KeyPair FILE_OLDER = generate();

	public static final KeyPair FILE_NEWEST = generate();

	public static final KeyPair STRANGER = generate();

	private static final Path KEY_FILE = writeKeyFile();

	private TestKeys() {
	}

	/** The value of {@code CACHEGATE_JWT_KEYS}. */
	public static String envPem() {
		return pem(ENV_KEY);
	}

	/** The path in {@code CACHEGATE_JWT_KEY_FILE}. */
	public static String keyFile() {
		return KEY_FILE.toString();
	}

	public static String pem(KeyPair pair) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(pair.getPrivate().getEncoded());
		return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
	}

	public static KeyPair generate() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A PEM file with the given keys in order, deleted at exit. */
	public static Path writePemFile(KeyPair... pairs) {
		try {
			Path file = Files.createTempFile("cachegate-auth-keys", ".pem");
			file.toFile().deleteOnExit();
			StringBuilder pem = new StringBuilder();
			for (KeyPair pair : pairs) {
				pem.append(pem(pair));
			}
			Files.writeString(file, pem, StandardCharsets.US_ASCII);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path writeKeyFile() {
		return writePemFile(FILE_OLDER, FILE_NEWEST);
	}

}
