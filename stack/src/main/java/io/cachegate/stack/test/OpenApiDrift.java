package io.cachegate.stack.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A service's OpenAPI drift check: its file in {@code docs/} against the document the
 * running service serves at {@code /v3/api-docs}, compared as {@link OpenApiShape}s, and
 * the check that the documentation is public: what the drift tests of auth-service and
 * user-service share. Paths are relative to the module directory, where Maven runs the
 * tests.
 */
public final class OpenApiDrift {

	private static final Path DOCS = Path.of("..", "docs");

	private static final Path LIVE_COPY = Path.of("target", "live-api-docs.yaml");

	private final String file;

	/**
	 * @param file the document's name in {@code docs/}, for example
	 * {@code user-service.yaml}
	 */
	public OpenApiDrift(String file) {
		this.file = file;
	}

	/** How messages name the documented file: {@code docs/<file>}. */
	public String name() {
		return "docs/" + file;
	}

	/** The documented file, parsed afresh (a test may change it). */
	public Map<String, Object> documentedDocument() {
		Path path = DOCS.resolve(file);
		if (!Files.exists(path)) {
			throw new IllegalStateException(
					path.toAbsolutePath().normalize() + " does not exist: run the tests from the module directory");
		}
		return OpenApiShape.load(path);
	}

	/** The documented file's shape. */
	public Set<String> documented() {
		return OpenApiShape.of(documentedDocument(), DOCS);
	}

	/** What differs between the documented file and a live document. */
	public List<String> differences(Map<String, Object> live) {
		return OpenApiShape.differences(documented(), name(), OpenApiShape.of(live, null));
	}

	/** What differs between a (changed) documented document and a live one. */
	public List<String> differences(Map<String, Object> documented, Map<String, Object> live) {
		return OpenApiShape.differences(OpenApiShape.of(documented, DOCS), name(), OpenApiShape.of(live, null));
	}

	/**
	 * Fails, naming every difference, when the live document and the file disagree; the
	 * live document is then written to {@code target/live-api-docs.yaml} to compare by
	 * eye with the file.
	 */
	public void assertMatches(Map<String, Object> live) {
		List<String> differences = differences(live);
		if (differences.isEmpty()) {
			return;
		}
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		try {
			Files.writeString(LIVE_COPY, new Yaml(options).dump(live));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new AssertionError(name() + " and the live /v3/api-docs disagree (live copy in " + LIVE_COPY
				+ "); update the file or the code:\n  " + String.join("\n  ", differences));
	}

	/** The live document the service answers with at {@code /v3/api-docs}. */
	public static Map<String, Object> live(WebTestClient client) {
		String json = Answers.okBody(client.get().uri("/v3/api-docs"));
		Map<String, Object> document = new Yaml(new LoaderOptions()).load(json);
		return document;
	}

	/**
	 * Checks that the document and the Swagger UI need no credentials, and that the
	 * document names one relative server, so that "try it out" through the gateway goes
	 * through the gateway.
	 */
	public static void assertDocsArePublic(WebTestClient client) {
		client.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.servers.length()")
			.isEqualTo(1)
			.jsonPath("$.servers[0].url")
			.isEqualTo("/");
		client.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		client.get().uri("/webjars/swagger-ui/index.html").accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk();
	}

	/** The document's {@code paths} object. */
	public static Map<String, Object> paths(Map<String, Object> document) {
		return map(document.get("paths"));
	}

	/** A node known to be an object, as a map. */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
