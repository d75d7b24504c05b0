package io.cachegate.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cachegate.stack.ServiceProcess.ServiceSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
	void startTimeoutIsASettingWithADefault() {
		assertThat(StackLauncher.startTimeout(Map.of())).isEqualTo(StackLauncher.DEFAULT_START_TIMEOUT);
		assertThat(StackLauncher.startTimeout(Map.of("CACHEGATE_START_TIMEOUT", "600"))).hasSeconds(600);
		assertThat(StackLauncher.startTimeout(Map.of("CACHEGATE_START_TIMEOUT", "90s"))).hasSeconds(90);
		assertThat(StackLauncher.startTimeout(Map.of("CACHEGATE_START_TIMEOUT", "10m"))).hasMinutes(10);
		assertThat(StackLauncher.startTimeout(Map.of("CACHEGATE_START_TIMEOUT", "PT7M"))).hasMinutes(7);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StackLauncher.startTimeout(Map.of("CACHEGATE_START_TIMEOUT", "soon")))
			.withMessageContaining("CACHEGATE_START_TIMEOUT");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StackLauncher.startTimeout(Map.of("CACHEGATE_START_TIMEOUT", "0")))
			.withMessageContaining("positive");
	}

	@Test
	void serviceThatNeverBecomesHealthyIsNamedWithItsLog(@TempDir Path folder) throws IOException {
		// A jar whose main class only waits: alive, listening nowhere.
		Path jar = folder.resolve("never-healthy.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, NeverHealthy.class.getName());
		manifest.getMainAttributes()
			.put(Attributes.Name.CLASS_PATH,
					Path.of(NeverHealthy.class.getProtectionDomain().getCodeSource().getLocation().getPath())
						.toUri()
						.toString());
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
			out.flush();
		}
		Path log = folder.resolve("logs/slow-service.log");
		ServiceSpec spec = new ServiceSpec("slow-service", jar, Ports.freePort(), Map.of(), List.of("-Xmx32m"), log);

		assertThatExceptionOfType(ServiceProcess.StartTimeoutException.class)
			.isThrownBy(() -> ServiceProcess.start(spec, Duration.ofSeconds(2)))
			.withMessageContaining("slow-service did not become healthy")
			.withMessageContaining("within 2 s")
			.withMessageContaining(log.toAbsolutePath().toString());
	}

	/** The main class of the service that never becomes healthy. */
	public static final class NeverHealthy {

		public static void main(String[] args) throws InterruptedException {
			System.out.println("waiting forever");
			Thread.sleep(Long.MAX_VALUE);
		}

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
