package io.cachegate.stack.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.Yaml;

/**
 * Checks docker-compose.yml against the code, since no Docker engine runs where the tests
 * do: each Java service's build file exists, its published port is the one the service
 * listens on by default, every variable the compose file sets is one the service reads,
 * secrets have no default, and health checks ask the readiness group the service exposes.
 */
final class ComposeCheck {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

	private static final Pattern DEFAULT_PORT = Pattern.compile("port:\\s*\\$\\{SERVER_PORT:(\\d+)}");

	/**
	 * Variables read by the JVM or Spring Boot itself rather than by the service's own
	 * configuration.
	 */
	private static final Set<String> PLATFORM_VARIABLES = Set.of("SERVER_PORT", "JAVA_TOOL_OPTIONS",
			"SPRING_DATA_REDIS_CLUSTER_NODES");

	private static final Set<String> SECRETS = Set.of("POSTGRES_PASSWORD", "CACHEGATE_ADMIN_PASSWORD",
			"CACHEGATE_JWT_KEYS", "CACHEGATE_BASIC_CACHE_SECRET");

	private ComposeCheck() {
	}

	/**
	 * Every disagreement found, one sentence each; empty when the compose file matches
	 * the code.
	 */
	@SuppressWarnings("unchecked")
	static List<String> problems(String composeYaml, Path repositoryRoot, List<String> javaServices) {
		List<String> problems = new ArrayList<>();
		Map<String, Object> compose = new Yaml().load(composeYaml);
		Map<String, Object> services = (Map<String, Object>) compose.get("services");
		for (String required : List.of("redis", "postgres")) {
			if (!services.containsKey(required)) {
				problems.add("no " + required + " service");
			}
		}
		for (String name : javaServices) {
			Map<String, Object> service = (Map<String, Object>) services.get(name);
			if (service == null) {
				problems.add("no " + name + " service");
				continue;
			}
			Path module = repositoryRoot.resolve(name);
			String configuration = read(module.resolve("src/main/resources/application.yml"));
			String variablesRead = configuration + sources(module);
			Map<String, Object> build = (Map<String, Object>) service.get("build");
			if (build == null || !Files.isRegularFile(repositoryRoot.resolve((String) build.get("dockerfile")))) {
				problems.add(name + ": its Dockerfile does not exist");
			}
			Matcher port = DEFAULT_PORT.matcher(configuration);
			String defaultPort = port.find() ? port.group(1) : "?";
			Map<String, Object> environment = (Map<String, Object>) service.getOrDefault("environment", Map.of());
			if (!String.valueOf(environment.get("SERVER_PORT")).equals(defaultPort)) {
				problems.add(name + ": SERVER_PORT " + environment.get("SERVER_PORT") + " is not its default port "
						+ defaultPort);
			}
			List<String> ports = (List<String>) service.getOrDefault("ports", List.of());
			// Publishing is optional (auth-service stays internal), but a published port
			// is the service's own: on the
			// host, that port or a range starting with it (one port per replica of a
			// scaled service).
			if (!ports.isEmpty() && ports.stream()
				.noneMatch(published -> published.equals(defaultPort + ":" + defaultPort)
						|| published.matches(Pattern.quote(defaultPort) + "-\\d+:" + Pattern.quote(defaultPort)))) {
				problems.add(name + ": does not publish port " + defaultPort);
			}
			if (name.equals("gateway") && ports.isEmpty()) {
				problems.add("gateway: its port is not published");
			}
			environment.forEach((variable, value) -> {
				if (!PLATFORM_VARIABLES.contains(variable) && !reads(variablesRead, variable)) {
					problems.add(name + ": sets " + variable + ", which the service never reads");
				}
				if (SECRETS.contains(variable) && !String.valueOf(value).contains(":?")) {
					problems.add(name + ": secret " + variable + " must be required (${" + variable
							+ ":?...}), never defaulted");
				}
			});
			Map<String, Object> health = (Map<String, Object>) service.get("healthcheck");
			String test = (health == null) ? "" : String.valueOf(health.get("test"));
			if (!test.contains("127.0.0.1:" + defaultPort + "/actuator/health/readiness")) {
				problems
					.add(name + ": its health check does not ask /actuator/health/readiness on port " + defaultPort);
			}
			if (!configuration.matches("(?s).*probes:\\s*\\n\\s*enabled:\\s*true.*")) {
				problems.add(name + ": application.yml does not enable the health probes (readiness group)");
			}
			Map<String, Object> dependsOn = (Map<String, Object>) service.getOrDefault("depends_on", Map.of());
			dependsOn.forEach((dependency, condition) -> {
				// A one-shot job (creating the Redis Cluster) is waited for until it is
				// done.
				if (!String.valueOf(condition).contains("service_healthy")
						&& !String.valueOf(condition).contains("service_completed_successfully")) {
					problems.add(name + ": depends on " + dependency + " without condition service_healthy");
				}
			});
			if (!String.valueOf(service.get("deploy")).contains("memory")) {
				problems.add(name + ": no memory limit");
			}
		}
		return problems;
	}

	private static boolean reads(String text, String variable) {
		Matcher matcher = PLACEHOLDER.matcher(text);
		while (matcher.find()) {
			if (matcher.group(1).equals(variable)) {
				return true;
			}
		}
		return text.contains("\"" + variable + "\"");
	}

	private static String sources(Path module) {
		Path main = module.resolve("src/main");
		if (!Files.isDirectory(main)) {
			return "";
		}
		StringBuilder all = new StringBuilder();
		try (Stream<Path> files = Files.walk(main)) {
			files.filter(Files::isRegularFile)
				.filter(file -> file.toString().endsWith(".java") || file.toString().endsWith(".yml")
						|| file.toString().endsWith(".properties"))
				.forEach(file -> all.append(read(file)).append('\n'));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return all.toString();
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
