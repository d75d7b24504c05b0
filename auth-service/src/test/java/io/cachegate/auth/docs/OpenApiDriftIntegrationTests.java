package io.cachegate.auth.docs;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cachegate.auth.IntegrationTestSupport;

import io.cachegate.stack.test.OpenApiDrift;
import io.cachegate.stack.test.OpenApiShape;

import static org.assertj.core.api.Assertions.assertThat;
import static io.cachegate.stack.test.OpenApiDrift.map;
import static io.cachegate.stack.test.OpenApiDrift.paths;

/**
 * {@code docs/auth-service.yaml} against the running service's {@code /v3/api-docs}: they
 * must agree on paths, methods, status codes, media types, parameters, security and
 * property names (see {@link OpenApiShape}). The other tests show that the comparison
 * notices a difference in either direction.
 */
class OpenApiDriftIntegrationTests extends IntegrationTestSupport {

	private static final OpenApiDrift DRIFT = new OpenApiDrift("auth-service.yaml");

	@Test
	void documentedApiMatchesTheLiveOne() {
		DRIFT.assertMatches(live());
	}

	@Test
	void comparisonReportsAnOperationTheServiceNoLongerHas() {
		Map<String, Object> live = live();
		paths(live).remove("/auth/token");
		List<String> differences = DRIFT.differences(live);
		assertThat(differences).contains("only in " + DRIFT.name() + ": POST /auth/token",
				"only in " + DRIFT.name() + ": POST /auth/token 429");
	}

	@Test
	void comparisonReportsAnUndocumentedStatusAndProperty() {
		Map<String, Object> file = DRIFT.documentedDocument();
		Object responses = map(map(paths(file).get("/auth/accounts")).get("post")).get("responses");
		map(responses).remove("409");
		Map<String, Object> live = live();
		Object properties = map(map(map(live.get("components")).get("schemas")).get("TokenResponse")).get("properties");
		map(properties).put("refresh_token", Map.of("type", "string"));
		List<String> differences = DRIFT.differences(file, live);
		assertThat(differences).contains("only in the live /v3/api-docs: POST /auth/accounts 409")
			.anySatisfy((line) -> assertThat(line).startsWith("only in the live /v3/api-docs: POST /auth/token 200")
				.contains("refresh_token"));
	}

	@Test
	void apiDocsAndSwaggerUiNeedNoAuthentication() {
		OpenApiDrift.assertDocsArePublic(this.client);
	}

	private Map<String, Object> live() {
		return OpenApiDrift.live(this.client);
	}

}
