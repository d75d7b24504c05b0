package io.cachegate.users.docs;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cachegate.users.support.IntegrationTestBase;

import io.cachegate.stack.test.OpenApiDrift;
import io.cachegate.stack.test.OpenApiShape;

import static org.assertj.core.api.Assertions.assertThat;
import static io.cachegate.stack.test.OpenApiDrift.map;
import static io.cachegate.stack.test.OpenApiDrift.paths;

/**
 * {@code docs/user-service.yaml} against the running service's {@code /v3/api-docs}: they
 * must agree on paths, methods, status codes, media types, parameters, security and
 * property names (see {@link OpenApiShape}). The other tests show that the comparison
 * notices a difference in either direction.
 */
class OpenApiDriftIntegrationTests extends IntegrationTestBase {

	private static final OpenApiDrift DRIFT = new OpenApiDrift("user-service.yaml");

	@Test
	void documentedApiMatchesTheLiveOne() {
		DRIFT.assertMatches(live());
	}

	@Test
	void comparisonReportsAnOperationTheServiceNoLongerHas() {
		Map<String, Object> live = live();
		map(paths(live).get("/users/{id}")).remove("delete");
		List<String> differences = DRIFT.differences(live);
		assertThat(differences).contains("only in " + DRIFT.name() + ": DELETE /users/{id}",
				"only in " + DRIFT.name() + ": DELETE /users/{id} 412");
	}

	@Test
	void comparisonReportsAnUndocumentedParameterAndProperty() {
		Map<String, Object> file = DRIFT.documentedDocument();
		Object search = map(paths(file).get("/users")).get("get");
		((List<?>) map(search).get("parameters")).removeIf((parameter) -> "size".equals(map(parameter).get("name")));
		Map<String, Object> live = live();
		Object properties = map(map(map(live.get("components")).get("schemas")).get("User")).get("properties");
		map(properties).put("nickname", Map.of("type", "string"));
		List<String> differences = DRIFT.differences(file, live);
		assertThat(differences).contains("only in the live /v3/api-docs: GET /users parameter query size")
			.anySatisfy((line) -> assertThat(line).startsWith("only in the live /v3/api-docs: GET /users/{id} 200")
				.contains("nickname"));
	}

	@Test
	void apiDocsAndSwaggerUiNeedNoToken() {
		OpenApiDrift.assertDocsArePublic(this.client);
	}

	@Test
	void apiStillNeedsAToken() {
		this.client.get().uri("/users/1").exchange().expectStatus().isUnauthorized();
	}

	private Map<String, Object> live() {
		return OpenApiDrift.live(this.client);
	}

}
