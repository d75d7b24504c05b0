package io.cachegate.perf.demo;

import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cachegate.stack.DemoUsers.Result;
import io.cachegate.stack.DemoUsers;
import io.cachegate.stack.EmbeddedRedis;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.Ports;
import io.cachegate.stack.PostgresEndpoint;
import io.cachegate.stack.ServiceProcess.ServiceSpec;
import io.cachegate.stack.ServiceProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * {@code ./run --demo N}'s seeding step ({@link DemoUsers}) against the real auth-service
 * and user-service jars on a fresh database, with this module's data generator: N users
 * are created through the API, a second run adds nobody, and a larger one adds the
 * missing ones.
 */
class DemoUsersIntegrationTests {

	private static final Path AUTH_JAR = Path.of("../auth-service/target/auth-service.jar");

	private static final Path USERS_JAR = Path.of("../user-service/target/user-service.jar");

	private static final String ADMIN_PASSWORD = "demo-Admin-password-1";

	private static EmbeddedRedis redis;

	private static ServiceProcess auth;

	private static ServiceProcess users;

	@BeforeAll
	static void startServices() {
		assumeThat(Files.isRegularFile(AUTH_JAR) && Files.isRegularFile(USERS_JAR))
			.as("service jars not built: ./mvnw -B -q -pl auth-service,user-service package -DskipTests")
			.isTrue();
		redis = EmbeddedRedis.startOnFreePort();
		PostgresEndpoint database = Infrastructure.freshDatabase("perf_demo_users");
		Map<String, String> common = Map.of("POSTGRES_HOST", database.host(), "POSTGRES_PORT",
				Integer.toString(database.port()), "POSTGRES_DB", database.database(), "POSTGRES_USER",
				database.username(), "POSTGRES_PASSWORD", database.password(), "REDIS_URL", redis.endpoint().url());
		List<String> jvm = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");
		auth = ServiceProcess.start(new ServiceSpec("auth-service", AUTH_JAR, Ports.freePort(),
				with(common, "CACHEGATE_ADMIN_PASSWORD", ADMIN_PASSWORD), jvm, Path.of("target/demo/auth-service.log")),
				Duration.ofSeconds(120));
		users = ServiceProcess.start(new ServiceSpec("user-service", USERS_JAR, Ports.freePort(),
				with(common, "AUTH_JWKS_URL", auth.baseUrl() + "/auth/jwks"), jvm,
				Path.of("target/demo/user-service.log")), Duration.ofSeconds(120));
	}

	@AfterAll
	static void stopServices() {
		for (AutoCloseable closeable : new AutoCloseable[] { users, auth, redis }) {
			try {
				if (closeable != null) {
					closeable.close();
				}
			}
			catch (Exception ex) {
				// Best effort: the JVM exit ends child processes' parents anyway.
			}
		}
	}

	@Test
	void seedsTheUsersThroughTheApiOnceAndSkipsWhenTheyAreThere() throws Exception {
		DemoUsers demo = new DemoUsers(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), "io.cachegate.perf.datagen.DatagenCommand"),
				Path.of("schemas/users.toml"), Redirect.appendTo(Path.of("target/demo/datagen.log").toFile()));
		String token = adminToken();
		assertThat(total(token)).isZero();

		assertThat(demo.seed(250, users.baseUrl(), token)).isEqualTo(Result.SEEDED);
		assertThat(total(token)).isEqualTo(250);

		assertThat(demo.seed(250, users.baseUrl(), token)).isEqualTo(Result.ALREADY_SEEDED);
		assertThat(demo.seed(100, users.baseUrl(), token)).isEqualTo(Result.ALREADY_SEEDED);
		assertThat(total(token)).isEqualTo(250);

		// More than an earlier run: the missing ones are added, the others refused as
		// duplicates.
		assertThat(demo.seed(300, users.baseUrl(), token)).isEqualTo(Result.SEEDED);
		assertThat(total(token)).isEqualTo(300);
	}

	private static String adminToken() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(auth.baseUrl() + "/auth/token"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return field(response.body(), "\"access_token\"\\s*:\\s*\"([^\"]+)\"");
	}

	private static long total(String token) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(users.baseUrl() + "/users?page=0&size=1"))
				.header("Authorization", "Bearer " + token)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return Long.parseLong(field(response.body(), "\"total\"\\s*:\\s*(\\d+)"));
	}

	private static String field(String body, String pattern) {
		Matcher matcher = Pattern.compile(pattern).matcher(body);
		assertThat(matcher.find()).as("%s in %s", pattern, body).isTrue();
		return matcher.group(1);
	}

	private static Map<String, String> with(Map<String, String> base, String name, String value) {
		Map<String, String> merged = new HashMap<>(base);
		merged.put(name, value);
		return merged;
	}

}
