package io.cachegate.auth.error;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.support.problem.ProblemType;
import io.cachegate.support.problem.ProblemWriter;

/**
 * Spring Security's 401 as problem+json, with the RFC 6750
 * {@code WWW-Authenticate: Bearer} challenge: bare when no token came, with
 * {@code error="invalid_token"} when one came and failed.
 */
public final class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

	private final ProblemWriter writer;

	public ProblemAuthenticationEntryPoint(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		HttpHeaders headers = new HttpHeaders();
		ProblemDetail problem;
		if (ex instanceof OAuth2AuthenticationException oauth) {
			String description = (oauth.getError().getDescription() != null) ? oauth.getError().getDescription()
					: "The token is not valid";
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"" + oauth.getError().getErrorCode()
					+ "\", error_description=\"" + description.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
			problem = ProblemType.INVALID_TOKEN.problem(description + ". Get a new token from POST /auth/token.");
		}
		else {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
			problem = ProblemType.UNAUTHORIZED.problem(
					"This resource needs a bearer token: send Authorization: Bearer <token> from POST /auth/token.");
		}
		return this.writer.write(exchange, problem, headers);
	}

}
