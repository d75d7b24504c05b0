package io.cachegate.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Serves the gateway's own OpenAPI document, hand-written in {@code docs/gateway.yaml}
 * and copied into the jar at build time, at {@code /v3/api-docs/gateway}, with the files
 * it refers to beside it ({@code problem.yaml} and the services' hand-written documents,
 * at {@code /v3/api-docs/<name>.yaml}) so that its relative {@code $ref}s resolve in
 * Swagger UI. Hand-written because most of the gateway's surface (the routes it fronts,
 * the cache headers, problems raised in filters) has no controller springdoc could
 * describe.
 *
 * <p>
 * Router functions are consulted before the gateway's routes, so these paths never reach
 * a service; the services' documents come through the {@code auth-docs} and
 * {@code users-docs} routes instead.
 */
@Configuration(proxyBeanMethods = false)
class GatewayDocsConfiguration {

	static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	/**
	 * The files of {@code docs/} in the jar; {@code gateway.yaml} refers to the others by
	 * relative {@code $ref}s.
	 */
	static final Set<String> FILES = Set.of("gateway.yaml", "problem.yaml", "auth-service.yaml", "user-service.yaml");

	@Bean
	RouterFunction<ServerResponse> gatewayDocsRoutes() throws IOException {
		// Read once at start: no file I/O on the event loop, and a missing file fails the
		// start, not a request.
		Map<String, byte[]> documents = new HashMap<>();
		for (String file : FILES) {
			try (InputStream in = new ClassPathResource("docs/" + file).getInputStream()) {
				documents.put(file, in.readAllBytes());
			}
		}
		return RouterFunctions.route()
			.GET("/v3/api-docs/gateway", (request) -> yaml(documents.get("gateway.yaml")))
			.GET("/v3/api-docs/{file}.yaml", (request) -> {
				byte[] document = documents.get(request.pathVariable("file") + ".yaml");
				return (document != null) ? yaml(document) : ServerResponse.notFound().build();
			})
			.build();
	}

	private static Mono<ServerResponse> yaml(byte[] document) {
		// Small, and changes only with a new build: let browsers keep it briefly.
		return ServerResponse.ok()
			.contentType(YAML)
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(1)))
			.bodyValue(document);
	}

}
