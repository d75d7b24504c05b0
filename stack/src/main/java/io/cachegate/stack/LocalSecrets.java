package io.cachegate.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets a local stack needs, made once and kept in the state folder
 * ({@code .cachegate/}, ignored by git, readable by the owner only) so restarts keep
 * logins and tokens valid. Production sets them through the environment instead.
 */
final class LocalSecrets {

	private final Path folder;

	LocalSecrets(Path folder) {
		this.folder = folder;
	}

	/**
	 * The bootstrap admin's password: the given one, else the one made on the first run.
	 */
	String adminPassword(String configured) {
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		return readOrCreate("admin-password", () -> randomToken(18));
	}

	/** A PEM file holding the RSA key auth-service signs with. */
	Path signingKeyFile() {
		readOrCreate("jwt-signing-key.pem", LocalSecrets::newRsaKeyPem);
		return folder.resolve("jwt-signing-key.pem");
	}

	/** The secret the gateway keys its cache of Basic-credential exchanges with. */
	String basicCacheSecret() {
		return readOrCreate("basic-cache-secret", () -> randomToken(32));
	}

	private String readOrCreate(String name, java.util.function.Supplier<String> maker) {
		Path file = folder.resolve(name);
		try {
			if (Files.exists(file)) {
				return Files.readString(file, StandardCharsets.UTF_8).trim();
			}
			String value = maker.get();
			writeOwnerOnly(file, value + "\n");
			return value;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot keep " + file, ex);
		}
	}

	/**
	 * Writes a file only its owner can read (0600), in a folder only its owner can enter
	 * when it makes it (0700). The file is created with those permissions, so it is never
	 * readable by others, not even for a moment.
	 */
	static void writeOwnerOnly(Path file, String content) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		boolean posix = parent.getFileSystem().supportedFileAttributeViews().contains("posix");
		if (!Files.isDirectory(parent)) {
			if (posix) {
				Files.createDirectories(parent,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			else {
				Files.createDirectories(parent);
			}
		}
		if (posix) {
			if (Files.exists(file)) {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			else {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
		}
		Files.writeString(file, content, StandardCharsets.UTF_8);
	}

	private static String randomToken(int bytes) {
		byte[] random = new byte[bytes];
		new SecureRandom().nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

	private static String newRsaKeyPem() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
			return "-----BEGIN PRIVATE KEY-----\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
					+ "\n-----END PRIVATE KEY-----";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
