package io.cachegate.users.security;

import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

import io.cachegate.support.problem.ProblemType;
import io.cachegate.support.problem.ProblemWriter;

/**
 * Answers 401 and 403 as problem+json. A 401 carries {@code WWW-Authenticate: Bearer}
 * (RFC 6750), with {@code error="invalid_token"} and a description when a token was sent
 * but failed verification, so a client can tell "log in" from "your token is bad".
 */
class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

	private final ProblemWriter problems;

	ProblemSecurityHandlers(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		HttpHeaders headers = new HttpHeaders();
		ProblemDetail problem;
		if (ex instanceof OAuth2AuthenticationException oauth && oauth.getError() instanceof BearerTokenError error) {
			String description = (error.getDescription() != null) ? error.getDescription() : "The token is not valid";
			headers.set(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"" + error.getErrorCode() + "\", error_description=\"" + quoted(description) + "\"");
			problem = ProblemType.INVALID_TOKEN.problem(description + "; get a new token from auth-service");
		}
		else {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			problem = ProblemType.UNAUTHORIZED
				.problem("Send a bearer token from auth-service: Authorization: Bearer <token>");
		}
		return this.problems.write(exchange, problem, headers);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		String method = exchange.getRequest().getMethod().name().toUpperCase(Locale.ROOT);
		ProblemDetail problem = ProblemType.FORBIDDEN.problem("Your role may not " + method + " "
				+ exchange.getRequest().getPath().value() + " (USER reads; MANAGER also writes; ADMIN also deletes)");
		return this.problems.write(exchange, problem, new HttpHeaders());
	}

	private static String quoted(String value) {
		return value.replace("\\", "\\\\").replace("\"", "'");
	}

}
