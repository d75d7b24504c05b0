package io.cachegate.auth.token;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import reactor.core.publisher.Mono;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;
import io.cachegate.support.problem.ProblemSchema;

/**
 * {@code POST /auth/token}: credentials in, access token out.
 * {@code Authorization: Basic} wins over a JSON body when both come.
 */
@RestController
class TokenController {

	private final TokenService service;

	TokenController(TokenService service) {
		this.service = service;
	}

	@Operation(summary = "Exchange credentials for an access token",
			description = "Credentials as Authorization: Basic or as a JSON body; Basic wins when both come.",
			security = @SecurityRequirement(name = "basicAuth"))
	@ApiResponse(responseCode = "200", description = "The token (never cached: Cache-Control: no-store)")
	@ApiResponse(responseCode = "400", description = "No credentials, or a malformed body",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "401", description = "Unknown user, wrong password or disabled account",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "429", description = "Too many failed logins for this user or address",
			headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds until the next attempt counts",
					schema = @Schema(type = "integer")),
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "503",
			description = "Redis is up but refuses to count login attempts (full, read-only); no password is checked",
			headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before trying again",
					schema = @Schema(type = "integer")),
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@PostMapping(path = "/auth/token", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<TokenResponse>> token(ServerHttpRequest request,
			@RequestBody(required = false) TokenRequest body) {
		return Mono.fromCallable(() -> credentials(request, body))
			.flatMap((credentials) -> this.service.login(credentials, ClientAddress.of(request)))
			// RFC 6749 5.1: token responses must not be stored by any cache.
			.map((token) -> ResponseEntity.ok()
				.cacheControl(CacheControl.noStore())
				.header(HttpHeaders.PRAGMA, "no-cache")
				.body(token));
	}

	private static Credentials credentials(ServerHttpRequest request, TokenRequest body) {
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return Credentials.fromBasic(authorization);
		}
		if (body == null) {
			throw new InvalidRequestException(List.of(new FieldViolation("credentials",
					"send Authorization: Basic or a JSON body {\"username\": ..., \"password\": ...}")));
		}
		return Credentials.fromJson(body);
	}

}
