package io.cachegate.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class StackLauncherTests {

	@Test
	void environmentFileQuotesValuesForTheShell(@TempDir Path folder) throws IOException, InterruptedException {
		Path file = folder.resolve("stack.env");
		Map<String, String> values = new TreeMap<>(
				Map.of("REDIS_URL", "redis://127.0.0.1:6379", "CACHEGATE_ADMIN_PASSWORD", "it's $HOME"));

		StackLauncher.writeEnvironmentFile(file, values);

		Process shell = new ProcessBuilder("bash", "-c",
				"set -a; . '" + file + "'; printf '%s|%s' \"$REDIS_URL\" \"$CACHEGATE_ADMIN_PASSWORD\"")
			.start();
		String echoed = new String(shell.getInputStream().readAllBytes());
		assertThat(shell.waitFor()).isZero();
		assertThat(echoed).isEqualTo("redis://127.0.0.1:6379|it's $HOME");
	}

	@Test
	void summaryTellsWhereEverythingListensAndHowToLogIn() {
		String summary = StackLauncher.summary("redis://127.0.0.1:6379 (configured)",
				new PostgresEndpoint("127.0.0.1", 5432, "postgres", "postgres", "", "embedded"), List.of(),
				Path.of(".cachegate/logs"), "admin", "pw", 8888);

		assertThat(summary).contains("redis://127.0.0.1:6379 (configured)")
			.contains("jdbc:postgresql://127.0.0.1:5432/postgres (embedded)")
			.contains("admin login: admin / pw")
			.contains("http://127.0.0.1:8888/auth/token")
			.contains("http://127.0.0.1:8888/users");
	}

	@Test
	void localSecretsAreMadeOnceAndKept(@TempDir Path folder) throws IOException {
		LocalSecrets first = new LocalSecrets(folder);
		String password = first.adminPassword(null);
		Path key = first.signingKeyFile();

		LocalSecrets again = new LocalSecrets(folder);
		assertThat(again.adminPassword("")).isEqualTo(password).hasSizeGreaterThan(20);
		assertThat(again.adminPassword("chosen")).isEqualTo("chosen");
		assertThat(again.signingKeyFile()).isEqualTo(key);
		assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(Files.getPosixFilePermissions(key)).hasSize(2);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("admin-password"))))
			.isEqualTo("rw-------");
	}

	@Test
	void theEnvironmentFileAndTheStateFolderAreTheOwnersOnly(@TempDir Path home) throws IOException {
		Path file = home.resolve(".cachegate").resolve("stack.env");
		StackLauncher.writeEnvironmentFile(file, Map.of("CACHEGATE_ADMIN_PASSWORD", "secret"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
		StackLauncher.writeEnvironmentFile(file, Map.of("CACHEGATE_ADMIN_PASSWORD", "secret"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

}
