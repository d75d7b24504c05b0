package io.cachegate.stack.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComposeFileTests {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final List<String> SERVICES = List.of("auth-service", "user-service", "gateway");

	@Test
	void composeFileMatchesTheCode() throws IOException {
		assertThat(ComposeCheck.problems(compose(), ROOT, SERVICES)).isEmpty();
	}

	@Test
	void reportsAVariableNoServiceReads() throws IOException {
		String broken = compose().replace("AUTH_JWKS_URL: http://auth-service:8081/auth/jwks",
				"AUTH_JWKS_ADDRESS: http://auth-service:8081/auth/jwks");

		assertThat(ComposeCheck.problems(broken, ROOT, SERVICES))
			.contains("user-service: sets AUTH_JWKS_ADDRESS, which the service never reads");
	}

	@Test
	void reportsADefaultedSecretAWrongPortAndAWrongHealthUrl() throws IOException {
		String broken = compose().replace("${CACHEGATE_ADMIN_PASSWORD:?set CACHEGATE_ADMIN_PASSWORD}", "changeme")
			.replace("\"8082:8082\"", "\"8083:8082\"")
			.replace("\"8888-8890:8888\"", "\"8889-8891:8888\"")
			.replace("http://127.0.0.1:8888/actuator/health/readiness", "http://127.0.0.1:8888/health");

		assertThat(ComposeCheck.problems(broken, ROOT, SERVICES)).contains(
				"auth-service: secret CACHEGATE_ADMIN_PASSWORD must be required (${CACHEGATE_ADMIN_PASSWORD:?...}), never defaulted",
				"user-service: does not publish port 8082", "gateway: does not publish port 8888",
				"gateway: its health check does not ask /actuator/health/readiness on port 8888");
	}

	@Test
	void reportsAMissingServiceAndAnUngatedDependency() throws IOException {
		String broken = compose().replace("  redis:\n    image", "  cache:\n    image")
			.replaceFirst("(?s)(\n  auth-service:.*?condition: )service_healthy", "$1service_started");

		assertThat(ComposeCheck.problems(broken, ROOT, SERVICES)).contains("no redis service")
			.anyMatch(problem -> problem.contains("without condition service_healthy"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theClusterProfileHasSixNodesAndACreatorEveryServiceWaitsFor() throws IOException {
		Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(compose()))
			.get("services");
		List<String> nodes = services.keySet().stream().filter(name -> name.startsWith("redis-node-")).toList();
		assertThat(nodes).hasSize(6);
		for (String node : nodes) {
			Map<String, Object> service = (Map<String, Object>) services.get(node);
			assertThat((List<String>) service.get("profiles")).containsExactly("cluster");
			assertThat((List<String>) service.get("command")).contains("--cluster-enabled", "yes");
		}
		Map<String, Object> creator = (Map<String, Object>) services.get("redis-cluster-create");
		assertThat((List<String>) creator.get("profiles")).containsExactly("cluster");
		assertThat(String.valueOf(creator.get("command"))).contains("--cluster-replicas 1");
		for (String name : SERVICES) {
			Map<String, Object> service = (Map<String, Object>) services.get(name);
			assertThat((Map<String, Object>) service.get("environment")).containsKey("SPRING_DATA_REDIS_CLUSTER_NODES");
			assertThat(((Map<String, Object>) service.get("depends_on")).get("redis-cluster-create"))
				.isEqualTo(Map.of("condition", "service_completed_successfully", "required", false));
		}
	}

	private static String compose() throws IOException {
		return Files.readString(ROOT.resolve("docker-compose.yml"));
	}

}
