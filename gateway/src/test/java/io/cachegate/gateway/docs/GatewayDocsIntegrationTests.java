package io.cachegate.gateway.docs;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import io.cachegate.gateway.GatewayIntegrationTestSupport;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.stack.test.Answers;

import static org.assertj.core.api.Assertions.assertThat;
import io.cachegate.stack.test.OpenApiShape;

/**
 * The documentation the gateway serves, without credentials: its own
 * {@code docs/gateway.yaml} (and the files it refers to), the services' live documents
 * through the {@code auth-docs} and {@code users-docs} routes, and one Swagger UI for all
 * three. The operations the gateway serves itself (not routed to a service: the admin
 * API) must be exactly those {@code docs/gateway.yaml} documents outside the fronted
 * routes.
 */
class GatewayDocsIntegrationTests extends GatewayIntegrationTestSupport {

	private static final Path DOCS = Path.of("..", "docs");

	/**
	 * Paths that belong to a service (documented in the services' files) or to the
	 * documentation itself.
	 */
	private static final List<String> NOT_GATEWAY_OWNED = List.of("/auth/", "/.well-known/", "/users", "/imports",
			"/v3/api-docs", "/swagger-ui", "/webjars/");

	private static final Pattern ROUTE = Pattern.compile("\\(([A-Z]+) && (/[^\\s)]*)\\)");

	@Autowired
	private ApplicationContext context;

	@BeforeAll
	static void servicesPublishDocuments() {
		AUTH.on("GET", "/v3/api-docs",
				(request) -> Reply.of(200, "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"auth stand-in\"}}")
					.header("Content-Type", "application/json"));
		ORIGIN.on("GET", "/v3/api-docs",
				(request) -> Reply.of(200, "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"users stand-in\"}}")
					.header("Content-Type", "application/json"));
	}

	@Test
	void servesItsOwnDocumentAndTheFilesItRefersToWithoutCredentials() throws IOException {
		assertServed("/v3/api-docs/gateway", "gateway.yaml");
		for (String file : List.of("problem.yaml", "auth-service.yaml", "user-service.yaml")) {
			assertServed("/v3/api-docs/" + file, file);
		}
	}

	@Test
	void passesTheServicesDocumentsThroughWithoutCredentials() {
		client().get()
			.uri("/v3/api-docs/users")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.info.title")
			.isEqualTo("users stand-in");
		client().get()
			.uri("/v3/api-docs/auth")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.info.title")
			.isEqualTo("auth stand-in");
		assertThat(ORIGIN.calls("GET", "/v3/api-docs")).isPositive();
		assertThat(AUTH.calls("GET", "/v3/api-docs")).isPositive();
	}

	@Test
	void oneSwaggerUiShowsAllThreeDocuments() {
		client().get()
			.uri("/v3/api-docs/swagger-config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.urls[?(@.name == 'gateway')].url")
			.isEqualTo("/v3/api-docs/gateway")
			.jsonPath("$.urls[?(@.name == 'auth-service')].url")
			.isEqualTo("/v3/api-docs/auth")
			.jsonPath("$.urls[?(@.name == 'user-service')].url")
			.isEqualTo("/v3/api-docs/users");
		client().get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
		client().get()
			.uri("/webjars/swagger-ui/index.html")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void theSwaggerUiAndEverythingItLoadsOpenWithoutCredentials() {
		String location = client().get()
			.uri("/swagger-ui.html")
			.exchange()
			.expectStatus()
			.is3xxRedirection()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getFirst("Location");
		assertThat(location).isNotNull();
		String page = URI.create("http://127.0.0.1:" + port + "/").resolve(location).getRawPath();
		String html = Answers.okBody(client().get().uri(page).accept(MediaType.TEXT_HTML));
		Matcher assets = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
		List<String> loaded = new java.util.ArrayList<>();
		while (assets.find()) {
			String asset = URI.create("http://127.0.0.1:" + port + page).resolve(assets.group(1)).getRawPath();
			loaded.add(asset);
			client().get().uri(asset).exchange().expectStatus().isOk();
		}
		assertThat(loaded).as("the page's scripts and styles")
			.anyMatch(a -> a.endsWith("swagger-initializer.js"))
			.anyMatch(a -> a.endsWith(".css"));
	}

	@Test
	void documentsExactlyTheOperationsTheGatewayServesItself() {
		Set<String> live = gatewayOwned(liveOperations());
		assertThat(liveOperations()).as("sanity: the documentation routes are found")
			.contains("GET /v3/api-docs/gateway");
		Set<String> documented = gatewayOwned(documentedOperations());
		assertThat(documented)
			.as("gateway-owned operations of docs/gateway.yaml against the routes and controllers of the application")
			.isEqualTo(live);
	}

	@Test
	void comparisonNoticesAnUndocumentedGatewayOperation() {
		Set<String> live = new TreeSet<>(gatewayOwned(liveOperations()));
		live.add("DELETE /admin/everything");
		assertThat(gatewayOwned(documentedOperations())).isNotEqualTo(live);
	}

	private void assertServed(String path, String file) throws IOException {
		String served = client().get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("application/yaml")
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(served).isEqualTo(Files.readString(DOCS.resolve(file), StandardCharsets.UTF_8));
	}

	/**
	 * What the gateway serves itself, read from the application: its router functions
	 * (the admin API is one) and its annotated controllers. Not from springdoc's
	 * {@code /v3/api-docs}: springdoc does not see router functions without
	 * {@code @RouterOperation} annotations, so a comparison with it would miss them.
	 */
	private SortedSet<String> liveOperations() {
		SortedSet<String> operations = new TreeSet<>();
		for (RouterFunction<?> function : this.context.getBeansOfType(RouterFunction.class).values()) {
			// RouterFunction.toString() lists every route as "(GET && /path) -> handler".
			Matcher route = ROUTE.matcher(function.toString());
			while (route.find()) {
				operations.add(route.group(1) + " " + route.group(2));
			}
		}
		this.context.getBeansOfType(RequestMappingHandlerMapping.class)
			.values()
			.forEach((mapping) -> mapping.getHandlerMethods().forEach((info, method) -> {
				if (!method.getBeanType().getName().startsWith("org.springdoc")) {
					for (String pattern : info.getPatternsCondition()
						.getPatterns()
						.stream()
						.map(Object::toString)
						.toList()) {
						info.getMethodsCondition().getMethods().forEach((verb) -> operations.add(verb + " " + pattern));
					}
				}
			}));
		return operations;
	}

	private static SortedSet<String> documentedOperations() {
		return operations(OpenApiShape.of(OpenApiShape.load(DOCS.resolve("gateway.yaml")), DOCS));
	}

	private static SortedSet<String> operations(SortedSet<String> shape) {
		SortedSet<String> operations = new TreeSet<>();
		shape.stream().filter((line) -> line.split(" ").length == 2).forEach(operations::add);
		return operations;
	}

	private static Set<String> gatewayOwned(Set<String> operations) {
		Set<String> owned = new TreeSet<>();
		for (String operation : operations) {
			String path = operation.split(" ")[1];
			if (NOT_GATEWAY_OWNED.stream().noneMatch(path::startsWith)) {
				owned.add(operation);
			}
		}
		return owned;
	}

}
