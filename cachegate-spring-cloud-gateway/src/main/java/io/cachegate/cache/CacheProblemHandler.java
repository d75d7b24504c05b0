package io.cachegate.cache;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemWriter;

/**
 * Renders the problems the cache raises (a refused query parameter, an admin request
 * without rights, an unavailable cache) as problem+json, ahead of Spring Boot's default
 * error handler; any other error passes on unchanged. An application with a handler of
 * its own at a higher precedence renders them itself.
 */
public class CacheProblemHandler implements WebExceptionHandler, Ordered {

	private final ProblemWriter writer;

	public CacheProblemHandler(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		if (!(error instanceof ProblemException problem) || exchange.getResponse().isCommitted()) {
			return Mono.error(error);
		}
		return this.writer.write(exchange, problem.toProblemDetail(), problem.headers());
	}

	@Override
	public int getOrder() {
		// Before Spring Boot's DefaultErrorWebExceptionHandler (-1).
		return -2;
	}

}
