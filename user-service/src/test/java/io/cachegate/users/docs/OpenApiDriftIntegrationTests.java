package io.cachegate.users.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

import io.cachegate.users.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;
import io.cachegate.stack.test.OpenApiShape;

/**
 * {@code docs/user-service.yaml} against the running service's {@code /v3/api-docs}: they
 * must agree on paths, methods, status codes, media types, parameters, security and
 * property names (see {@link OpenApiShape}). The other tests show that the comparison
 * notices a difference in either direction.
 */
class OpenApiDriftIntegrationTests extends IntegrationTestBase {

	private static final Path DOCS = Path.of("..", "docs");

	private static final String FILE = "user-service.yaml";

	private static final Path LIVE_COPY = Path.of("target", "live-api-docs.json");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void documentedApiMatchesTheLiveOne() throws IOException {
		Map<String, Object> live = live();
		List<String> differences = OpenApiShape.differences(documented(), "docs/" + FILE, OpenApiShape.of(live, null));
		if (!differences.isEmpty()) {
			// The generated document, to compare by eye with the file.
			Files.writeString(LIVE_COPY, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(live));
		}
		assertThat(differences)
			.as("docs/%s and the live /v3/api-docs disagree (live copy in %s); update the file or the code", FILE,
					LIVE_COPY)
			.isEmpty();
	}

	@Test
	void comparisonReportsAnOperationTheServiceNoLongerHas() {
		Map<String, Object> live = live();
		map(paths(live).get("/users/{id}")).remove("delete");
		List<String> differences = OpenApiShape.differences(documented(), "docs/" + FILE, OpenApiShape.of(live, null));
		assertThat(differences).contains("only in docs/" + FILE + ": DELETE /users/{id}",
				"only in docs/" + FILE + ": DELETE /users/{id} 412");
	}

	@Test
	void comparisonReportsAnUndocumentedParameterAndProperty() {
		Map<String, Object> file = OpenApiShape.load(DOCS.resolve(FILE));
		Object search = map(paths(file).get("/users")).get("get");
		((List<?>) map(search).get("parameters")).removeIf((parameter) -> "size".equals(map(parameter).get("name")));
		Map<String, Object> live = live();
		Object properties = map(map(map(live.get("components")).get("schemas")).get("User")).get("properties");
		map(properties).put("nickname", Map.of("type", "string"));
		List<String> differences = OpenApiShape.differences(OpenApiShape.of(file, DOCS), "docs/" + FILE,
				OpenApiShape.of(live, null));
		assertThat(differences).contains("only in the live /v3/api-docs: GET /users parameter query size")
			.anySatisfy((line) -> assertThat(line).startsWith("only in the live /v3/api-docs: GET /users/{id} 200")
				.contains("nickname"));
	}

	@Test
	void apiDocsAndSwaggerUiNeedNoToken() {
		// A relative server, so that "try it out" through the gateway goes through the
		// gateway.
		this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.servers.length()")
			.isEqualTo(1)
			.jsonPath("$.servers[0].url")
			.isEqualTo("/");
		this.client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		this.client.get()
			.uri("/webjars/swagger-ui/index.html")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void apiStillNeedsAToken() {
		this.client.get().uri("/users/1").exchange().expectStatus().isUnauthorized();
	}

	private static Set<String> documented() {
		assertThat(DOCS.resolve(FILE)).as("run the tests from the module directory").exists();
		return OpenApiShape.of(OpenApiShape.load(DOCS.resolve(FILE)), DOCS);
	}

	private Map<String, Object> live() {
		String json = this.client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return map(JSON.readValue(json, Map.class));
	}

	private static Map<String, Object> paths(Map<String, Object> document) {
		return map(document.get("paths"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
