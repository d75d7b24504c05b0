package io.cachegate.auth.docs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The document springdoc serves at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}): title and the two security schemes the operations name. The
 * hand-written {@code docs/auth-service.yaml} is the richer copy;
 * {@code OpenApiDriftIntegrationTests} keeps the two in step.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	/** Scheme name of a JWT issued by this service, as operations refer to it. */
	static final String BEARER = "bearerAuth";

	/** Scheme name of HTTP Basic credentials, accepted by the token endpoint only. */
	static final String BASIC = "basicAuth";

	@Bean
	OpenAPI authServiceOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Cachegate auth-service")
				.version("v1")
				.description("Accounts and RS256 JWT issuing. Errors are application/problem+json (RFC 9457).")
				.license(new License().name("Apache-2.0")))
			// Relative: requests tried from Swagger UI go where the document came from,
			// this service directly or the
			// gateway (which serves this document at /v3/api-docs/auth), not to a
			// generated internal URL.
			.addServersItem(new Server().url("/").description("where this document was fetched from"))
			.components(new Components()
				.addSecuritySchemes(BEARER,
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
				.addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")));
	}

}
