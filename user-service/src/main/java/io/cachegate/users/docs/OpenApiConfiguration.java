package io.cachegate.users.docs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The document springdoc serves at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}): title and the bearer scheme every {@code /users} operation
 * needs. The hand-written {@code docs/user-service.yaml} is the richer copy;
 * {@code OpenApiDriftIntegrationTests} keeps the two in step.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	@Bean
	OpenAPI userServiceOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Cachegate user-service")
				.version("v1")
				.description("User records: read, search, create, replace, delete. Errors are "
						+ "application/problem+json (RFC 9457).")
				.license(new License().name("Apache-2.0")))
			// Relative: requests tried from Swagger UI go where the document came from,
			// this service directly or the
			// gateway (which serves this document at /v3/api-docs/users), not to a
			// generated internal URL.
			.addServersItem(new Server().url("/").description("where this document was fetched from"))
			.components(new Components().addSecuritySchemes("bearerAuth",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			// Every operation needs a token from auth-service.
			.addSecurityItem(new SecurityRequirement().addList("bearerAuth"));
	}

}
