package io.cachegate.auth.error;

import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;

import io.cachegate.support.problem.DependencyFailures;
import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;
import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;
import io.cachegate.support.problem.ProblemWriter;

/**
 * Turns every error that reaches the web layer into problem+json: the features'
 * {@link ProblemException}s, WebFlux's own errors (unknown path, wrong method,
 * unsupported media type, unreadable body), an unavailable database (503 with
 * {@code Retry-After}) and anything unexpected (500, logged, with no internals in the
 * answer).
 *
 * <p>
 * A {@link WebExceptionHandler} rather than controller advice, so errors raised before a
 * controller is chosen get the same answer. It runs before Boot's default handler (order
 * -1).
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements WebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	private final ProblemWriter writer;

	ProblemExceptionHandler(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		if (ex instanceof ProblemException problem) {
			return this.writer.write(exchange, problem.toProblemDetail(), problem.headers());
		}
		if (ex instanceof WebExchangeBindException bind) {
			List<FieldViolation> fields = bind.getFieldErrors()
				.stream()
				.map((error) -> new FieldViolation(error.getField(), error.getDefaultMessage()))
				.sorted(Comparator.comparing(FieldViolation::field))
				.toList();
			InvalidRequestException invalid = new InvalidRequestException(fields);
			return this.writer.write(exchange, invalid.toProblemDetail(), HttpHeaders.EMPTY);
		}
		if (ex instanceof UnsupportedMediaTypeStatusException unsupported) {
			return write(exchange, ProblemType.UNSUPPORTED_MEDIA_TYPE,
					"Content-Type " + unsupported.getContentType() + " is not supported here; send application/json.",
					unsupported.getHeaders());
		}
		if (ex instanceof ServerWebInputException input) {
			return write(exchange, ProblemType.MALFORMED_REQUEST, "The request could not be read: " + reason(input)
					+ ". Send a well-formed JSON body with the documented fields.", HttpHeaders.EMPTY);
		}
		if (ex instanceof MethodNotAllowedException notAllowed) {
			return write(
					exchange, ProblemType.METHOD_NOT_ALLOWED, "Method " + notAllowed.getHttpMethod()
							+ " is not supported here; allowed: " + notAllowed.getSupportedMethods() + ".",
					notAllowed.getHeaders());
		}
		if (ex instanceof NotAcceptableStatusException notAcceptable) {
			return write(exchange, ProblemType.NOT_ACCEPTABLE,
					"This resource can answer only as " + notAcceptable.getSupportedMediaTypes() + ".",
					notAcceptable.getHeaders());
		}
		if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 404) {
			return write(exchange, ProblemType.NOT_FOUND,
					"Nothing is at " + exchange.getRequest().getPath().value() + ".", HttpHeaders.EMPTY);
		}
		if (ex instanceof ErrorResponse error && error.getStatusCode().value() != 500) {
			HttpStatusCode code = error.getStatusCode();
			// A generic type for the status, keeping the framework's exact status.
			return this.writer.write(exchange, ProblemType.forStatus(code).problem(code, error.getBody().getDetail()),
					error.getHeaders());
		}
		if (DependencyFailures.unavailable(ex)) {
			// PostgreSQL (or its pool) did not serve the request: the same request may
			// succeed shortly, so 503 with Retry-After rather than a 500.
			logger.warn("{} {} failed: a dependency is unavailable: {}", exchange.getRequest().getMethod(),
					exchange.getRequest().getPath().value(), ex.toString());
			HttpHeaders headers = new HttpHeaders();
			headers.set(HttpHeaders.RETRY_AFTER, "1");
			return write(exchange, ProblemType.SERVICE_UNAVAILABLE,
					"A dependency of auth-service is unavailable; retry shortly.", headers);
		}
		logger.error("Unexpected error on {} {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath().value(), ex);
		return write(exchange, ProblemType.INTERNAL_ERROR, "The service failed to answer; try again later.",
				HttpHeaders.EMPTY);
	}

	private Mono<Void> write(ServerWebExchange exchange, ProblemType type, String detail, HttpHeaders headers) {
		return this.writer.write(exchange, type.problem(detail), headers);
	}

	/**
	 * The most specific cause's first line: says what is wrong with the body without a
	 * stack trace.
	 */
	private static String reason(ServerWebInputException ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = (cause == ex) ? ex.getReason() : cause.getMessage();
		if (message == null || message.isBlank()) {
			return "unreadable body";
		}
		String firstLine = message.lines().findFirst().orElse(message).strip();
		return (firstLine.length() > 200) ? firstLine.substring(0, 200) + "..." : firstLine;
	}

}
