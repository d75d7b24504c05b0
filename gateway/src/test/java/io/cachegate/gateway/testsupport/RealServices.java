package io.cachegate.gateway.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.stack.EmbeddedRedis;
import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.Ports;
import io.cachegate.stack.PostgresEndpoint;
import io.cachegate.stack.ServiceProcess.ServiceSpec;
import io.cachegate.stack.ServiceProcess;
import io.cachegate.stack.test.Answers;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The real auth-service and user-service (their jars, run as child processes on a fresh
 * PostgreSQL database), with one Redis of their own for the whole stack, as in production
 * (an embedded server, so a test may stop it).
 *
 * <p>
 * Needs {@code auth-service/target/auth-service.jar} and
 * {@code user-service/target/user-service.jar}: a reactor build packages them before the
 * gateway's tests run; alone, build them first with
 * {@code ./mvnw -B -q -pl auth-service,user-service package -DskipTests}. Without them
 * the calling tests are skipped, and say so.
 */
public final class RealServices implements AutoCloseable {

	private static final Path AUTH_JAR = Path.of("../auth-service/target/auth-service.jar");

	private static final Path USERS_JAR = Path.of("../user-service/target/user-service.jar");

	/** The seeded admin's password. */
	public static final String ADMIN_PASSWORD = "e2e-Admin-password-1";

	private static final AtomicInteger NAMES = new AtomicInteger();

	private final EmbeddedRedis redis;

	private final ServiceProcess auth;

	private final ServiceProcess users;

	private RealServices(EmbeddedRedis redis, ServiceProcess auth, ServiceProcess users) {
		this.redis = redis;
		this.auth = auth;
		this.users = users;
	}

	/**
	 * Starts Redis and both services; {@code userServiceSettings} go to user-service
	 * besides the database, Redis and JWKS ones. {@code name} names the database and the
	 * log folder ({@code target/<name>/}).
	 */
	public static RealServices start(String name, Map<String, String> userServiceSettings) {
		assumeThat(Files.isRegularFile(AUTH_JAR) && Files.isRegularFile(USERS_JAR))
			.as("service jars not built: ./mvnw -B -q -pl auth-service,user-service package -DskipTests")
			.isTrue();
		EmbeddedRedis redis = EmbeddedRedis.startOnFreePort();
		PostgresEndpoint database = Infrastructure.freshDatabase("gateway_" + name.replace('-', '_'));
		Map<String, String> common = Map.of("POSTGRES_HOST", database.host(), "POSTGRES_PORT",
				Integer.toString(database.port()), "POSTGRES_DB", database.database(), "POSTGRES_USER",
				database.username(), "POSTGRES_PASSWORD", database.password(), "REDIS_URL", redis.endpoint().url());
		List<String> jvm = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");
		ServiceProcess auth = ServiceProcess.start(new ServiceSpec("auth-service", AUTH_JAR, Ports.freePort(),
				// The gateways of these tests call from loopback: auth-service believes
				// the client address they name.
				with(common,
						Map.of("CACHEGATE_ADMIN_PASSWORD", ADMIN_PASSWORD, "CACHEGATE_TRUSTED_PROXIES", "127.0.0.1")),
				jvm, Path.of("target/" + name + "/auth-service.log")), Duration.ofSeconds(120));
		Map<String, String> userSettings = with(common, Map.of("AUTH_JWKS_URL", auth.baseUrl() + "/auth/jwks"));
		userSettings.putAll(userServiceSettings);
		ServiceProcess users = ServiceProcess.start(new ServiceSpec("user-service", USERS_JAR, Ports.freePort(),
				userSettings, jvm, Path.of("target/" + name + "/user-service.log")), Duration.ofSeconds(120));
		return new RealServices(redis, auth, users);
	}

	/**
	 * Closes each of them that was started (the others are {@code null}); one that fails
	 * to close does not keep the rest open.
	 */
	public static void closeAll(AutoCloseable... started) {
		for (AutoCloseable closeable : started) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// Best effort: the JVM exit ends child processes' parents anyway.
				}
			}
		}
	}

	/**
	 * Puts the gateway under test in front of the services: its cache on their Redis (a
	 * 500 ms timeout), auth-service for tokens and keys, user-service at {@code usersUrl}
	 * (a proxy the test holds). Read when the context starts, after the test class
	 * started the services.
	 */
	public static void registerGateway(DynamicPropertyRegistry registry, Supplier<RealServices> services,
			Supplier<String> usersUrl, String basicCacheSecret) {
		registry.add("REDIS_URL", () -> services.get().redis().endpoint().url());
		registry.add("AUTH_SERVICE_URL", () -> services.get().authUrl());
		registry.add("AUTH_JWKS_URL", () -> services.get().authUrl() + "/auth/jwks");
		registry.add("USER_SERVICE_URL", usersUrl::get);
		registry.add("CACHEGATE_BASIC_CACHE_SECRET", () -> basicCacheSecret);
		registry.add("CACHEGATE_REDIS_TIMEOUT", () -> "500ms");
	}

	public EmbeddedRedis redis() {
		return redis;
	}

	public String authUrl() {
		return auth.baseUrl();
	}

	public String usersUrl() {
		return users.baseUrl();
	}

	/** A token for the seeded admin, straight from auth-service: {@code Bearer <jwt>}. */
	public String adminToken() {
		return token("admin", ADMIN_PASSWORD);
	}

	/** A token for an account, straight from auth-service: {@code Bearer <jwt>}. */
	public String token(String username, String password) {
		String body = Answers.okBody(WebTestClient.bindToServer()
			.baseUrl(auth.baseUrl())
			.build()
			.post()
			.uri("/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"));
		return "Bearer " + body.replaceAll(".*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
	}

	/**
	 * Creates a user at user-service directly, behind the gateway's back; returns its id.
	 */
	public long createDirectly(String token) {
		return create(users.baseUrl(), token);
	}

	/**
	 * Creates a user by a POST to {@code baseUrl} (user-service or a gateway in front of
	 * it); returns its id.
	 */
	public static long create(String baseUrl, String token) {
		String body = WebTestClient.bindToServer()
			.baseUrl(baseUrl)
			.build()
			.post()
			.uri("/users")
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(newUser("direct"))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return Long.parseLong(body.replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1"));
	}

	/** A read straight from user-service, behind the gateway. */
	public Direct readDirectly(String path, String token) {
		WebTestClient.ResponseSpec response = WebTestClient.bindToServer()
			.baseUrl(users.baseUrl())
			.build()
			.get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isOk();
		var result = response.expectBody(String.class).returnResult();
		return new Direct(result.getResponseHeaders().getETag(), result.getResponseBody());
	}

	/** What user-service answered: its ETag and body. */
	public record Direct(String etag, String body) {
	}

	/** A valid new user's JSON with a name no other call uses, living in {@code city}. */
	public static String newUser(String city) {
		String name = "e2e" + ProcessHandle.current().pid() + "x" + NAMES.incrementAndGet();
		return "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\",\"firstName\":\"Ana\","
				+ "\"lastName\":\"Lima\",\"birthDate\":\"1990-05-17\",\"city\":\"" + city + "\"}";
	}

	private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
		Map<String, String> merged = new HashMap<>(base);
		merged.putAll(more);
		return merged;
	}

	@Override
	public void close() {
		for (AutoCloseable closeable : new AutoCloseable[] { users, auth, redis }) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Best effort: the JVM exit ends child processes' parents anyway.
			}
		}
	}

}
