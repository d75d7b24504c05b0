package io.cachegate.gateway.docs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import io.cachegate.stack.test.OpenApiShape;

/**
 * {@code docs/gateway.yaml} against the services' documents (themselves kept in step with
 * the services' code by their own drift tests): every operation the gateway fronts must
 * be there with the service's parameters, request body, statuses and response properties;
 * the only additions allowed are the gateway's own (its 401, 502 and 504, and the
 * security it accepts). Every operation also documents the gateway's headers. The tests
 * at the end show that the comparison notices what it should.
 */
class GatewayOpenApiDocumentTests {

	private static final Path DOCS = Path.of("..", "docs");

	/**
	 * Path prefixes of the gateway's routes ({@code auth}, {@code users},
	 * {@code imports}); see application.yml.
	 */
	private static final List<String> FRONTED = List.of("/auth/", "/.well-known/", "/users", "/imports");

	/**
	 * Routes without the cache filter: their answers carry no {@code X-Cache} or
	 * {@code Cache-Status}.
	 */
	private static final List<String> UNCACHED = List.of("/users/import", "/imports");

	/**
	 * What the gateway adds to a service's operation: its own errors and the credentials
	 * it accepts.
	 */
	private static final Pattern GATEWAY_ADDITION = Pattern.compile("^\\S+ \\S+ ((401|502|504)( .*)?|security .*)$");

	/**
	 * Operations that need no credentials at the gateway (cachegate.auth.public-paths).
	 */
	private static final Set<String> PUBLIC = Set.of("POST /auth/token", "GET /auth/jwks",
			"GET /.well-known/jwks.json");

	@Test
	void frontsEveryOperationOfTheServicesAsTheyDocumentIt() {
		assertThat(differences(gateway(), services())).isEmpty();
	}

	@Test
	void everyFrontedOperationDocumentsTheGatewaysErrorsAndCredentials() {
		SortedSet<String> gateway = gateway();
		for (String operation : operations(services())) {
			assertThat(gateway).as(operation).contains(operation + " 502", operation + " 504");
			if (!PUBLIC.contains(operation)) {
				assertThat(gateway).as(operation)
					.contains(operation + " 401", operation + " security basicAuth | bearerAuth");
			}
		}
	}

	@Test
	void everyFrontedAnswerDocumentsTheCacheHeadersAndRequestId() {
		SortedSet<String> headers = OpenApiShape.responseHeaders(OpenApiShape.load(DOCS.resolve("gateway.yaml")), DOCS);
		SortedSet<String> gateway = gateway();
		for (String operation : operations(services())) {
			for (String line : gateway) {
				if (line.matches(Pattern.quote(operation) + " [23]\\d\\d")) {
					assertThat(headers).as(line).contains(line + " header x-request-id");
					if (!uncached(operation)) {
						assertThat(headers).as(line).contains(line + " header x-cache");
					}
				}
			}
			if (operation.startsWith("GET ") && !uncached(operation)) {
				assertThat(headers).contains(operation + " 200 header cache-status", operation + " 200 header age");
			}
		}
		assertThat(headers).contains("GET /users/{id} 200 header etag", "GET /users/{id} 304 header etag");
		for (String operation : operations(services())) {
			for (String status : List.of("401", "502", "504")) {
				if (gateway.contains(operation + " " + status) && !PUBLIC.contains(operation)) {
					assertThat(headers).contains(operation + " " + status + " header x-request-id");
				}
			}
		}
	}

	@Test
	void comparisonReportsAnOperationMissingAtTheGateway() {
		Map<String, Object> document = OpenApiShape.load(DOCS.resolve("gateway.yaml"));
		map(document.get("paths")).remove("/users/{id}");
		List<String> differences = differences(OpenApiShape.of(document, DOCS), services());
		assertThat(differences).contains("not in docs/gateway.yaml: DELETE /users/{id}",
				"not in docs/gateway.yaml: GET /users/{id} parameter header if-none-match");
	}

	@Test
	void comparisonReportsAStatusTheServiceDoesNotHave() {
		Map<String, Object> document = OpenApiShape.load(DOCS.resolve("gateway.yaml"));
		Map<String, Object> responses = map(
				map(map(map(document.get("paths")).get("/users")).get("get")).get("responses"));
		responses.put("418", Map.of("description", "a teapot"));
		List<String> differences = differences(OpenApiShape.of(document, DOCS), services());
		assertThat(differences).containsExactly("only in docs/gateway.yaml: GET /users 418");
	}

	private static List<String> differences(SortedSet<String> gateway, SortedSet<String> services) {
		SortedSet<String> fronted = new TreeSet<>();
		for (String line : gateway) {
			if (isFronted(line) && !GATEWAY_ADDITION.matcher(line).matches()) {
				fronted.add(line);
			}
		}
		SortedSet<String> expected = new TreeSet<>();
		for (String line : services) {
			// The gateway accepts other credentials than the services (Basic too) and
			// answers 401 itself before the
			// service could: checked by the test above instead.
			if (!GATEWAY_ADDITION.matcher(line).matches()) {
				expected.add(line);
			}
		}
		List<String> differences = new java.util.ArrayList<>();
		expected.stream()
			.filter((line) -> !fronted.contains(line))
			.map((line) -> "not in docs/gateway.yaml: " + line)
			.forEach(differences::add);
		fronted.stream()
			.filter((line) -> !expected.contains(line))
			.map((line) -> "only in docs/gateway.yaml: " + line)
			.forEach(differences::add);
		return differences;
	}

	private static boolean uncached(String operation) {
		String path = operation.split(" ")[1];
		return UNCACHED.stream().anyMatch(path::startsWith);
	}

	private static boolean isFronted(String line) {
		String path = line.split(" ", 3)[1];
		return FRONTED.stream().anyMatch(path::startsWith);
	}

	private static SortedSet<String> gateway() {
		return OpenApiShape.of(OpenApiShape.load(DOCS.resolve("gateway.yaml")), DOCS);
	}

	private static SortedSet<String> services() {
		SortedSet<String> lines = new TreeSet<>(
				OpenApiShape.of(OpenApiShape.load(DOCS.resolve("auth-service.yaml")), DOCS));
		lines.addAll(OpenApiShape.of(OpenApiShape.load(DOCS.resolve("user-service.yaml")), DOCS));
		return lines;
	}

	/** The operation lines ({@code GET /users}) of a shape. */
	private static SortedSet<String> operations(SortedSet<String> shape) {
		SortedSet<String> operations = new TreeSet<>();
		shape.stream().filter((line) -> line.split(" ").length == 2).forEach(operations::add);
		return operations;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
