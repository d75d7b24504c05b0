package io.cachegate.auth.error;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.support.problem.ProblemType;
import io.cachegate.support.problem.ProblemWriter;

/**
 * Spring Security's 403 as problem+json: the caller is known but its role may not do
 * this.
 */
public final class ProblemAccessDeniedHandler implements ServerAccessDeniedHandler {

	private final ProblemWriter writer;

	public ProblemAccessDeniedHandler(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
		ProblemDetail problem = ProblemType.FORBIDDEN.problem("Your role may not " + exchange.getRequest().getMethod()
				+ " " + exchange.getRequest().getPath().value() + ".");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
		return this.writer.write(exchange, problem, headers);
	}

}
