package io.cachegate.users.error;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import reactor.core.publisher.Mono;

import io.cachegate.support.problem.DependencyFailures;
import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;
import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;
import io.cachegate.support.problem.ProblemWriter;

/**
 * Turns every exception that reaches the web layer into problem+json: the features'
 * {@link ProblemException}s, the framework's own errors (unreadable body, unknown route,
 * wrong method or media type) and anything unexpected. One handler for all of them, ahead
 * of Boot's default one, so no error ever leaves as HTML or Boot's JSON.
 */
@Component
@Order(-2)
class ProblemExceptionHandler implements ErrorWebExceptionHandler {

	private static final Log logger = LogFactory.getLog(ProblemExceptionHandler.class);

	private final ProblemWriter writer;

	ProblemExceptionHandler(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		HttpHeaders headers = new HttpHeaders();
		ProblemDetail problem = toProblem(ex, headers);
		if (problem.getStatus() >= 500) {
			logger.error(
					"Request " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath() + " failed",
					ex);
		}
		return this.writer.write(exchange, problem, headers);
	}

	private ProblemDetail toProblem(Throwable ex, HttpHeaders headers) {
		if (ex instanceof ProblemException problem) {
			headers.addAll(problem.headers());
			return problem.toProblemDetail();
		}
		if (ex instanceof ServerWebInputException input) {
			return unreadable(input);
		}
		if (ex instanceof MethodNotAllowedException notAllowed) {
			headers.addAll(notAllowed.getHeaders());
			return ProblemType.METHOD_NOT_ALLOWED.problem("Method " + notAllowed.getHttpMethod()
					+ " is not supported here; allowed: " + notAllowed.getSupportedMethods());
		}
		if (ex instanceof UnsupportedMediaTypeStatusException unsupported) {
			headers.addAll(unsupported.getHeaders());
			return ProblemType.UNSUPPORTED_MEDIA_TYPE.problem("Content-Type " + unsupported.getContentType()
					+ " is not supported; send " + unsupported.getSupportedMediaTypes());
		}
		if (ex instanceof NotAcceptableStatusException notAcceptable) {
			return ProblemType.NOT_ACCEPTABLE
				.problem("Can produce only " + notAcceptable.getSupportedMediaTypes() + "; check the Accept header");
		}
		if (ex instanceof ErrorResponse response) {
			headers.addAll(response.getHeaders());
			return byStatus(response.getStatusCode(), response.getBody().getDetail());
		}
		if (DependencyFailures.unavailable(ex) || ex instanceof AuthenticationServiceException) {
			// The database or auth-service's key set is unreachable: a retry may succeed,
			// so say 503, not 500.
			headers.set(HttpHeaders.RETRY_AFTER, "1");
			return ProblemType.SERVICE_UNAVAILABLE.problem("A dependency is unavailable; retry shortly");
		}
		return ProblemType.INTERNAL_ERROR.problem("Unexpected error; it has been logged");
	}

	/**
	 * A body that could not be decoded. When Jackson can say which field had the wrong
	 * shape, the answer names it like any other invalid field; otherwise the JSON itself
	 * is broken.
	 */
	private ProblemDetail unreadable(ServerWebInputException ex) {
		if (causedBy(ex, DataBufferLimitException.class) != null) {
			return ProblemType.PAYLOAD_TOO_LARGE.problem("The request body is too large");
		}
		JacksonException json = causedBy(ex, JacksonException.class);
		if (json != null && !json.getPath().isEmpty() && json.getPath().get(0).getPropertyName() != null) {
			String field = json.getPath().get(0).getPropertyName();
			return new InvalidRequestException(List.of(new FieldViolation(field, "has the wrong JSON type")))
				.toProblemDetail();
		}
		if (json instanceof StreamReadException syntax && syntax.getLocation() != null) {
			return ProblemType.MALFORMED_REQUEST.problem("The request body is not valid JSON (line "
					+ syntax.getLocation().getLineNr() + ", column " + syntax.getLocation().getColumnNr() + ")");
		}
		if (json != null) {
			// Valid JSON of the wrong shape (an array, a string). Jackson's own message
			// names our classes: not shown.
			return ProblemType.MALFORMED_REQUEST.problem("The request body must be a JSON object");
		}
		if (causedBy(ex, DecodingException.class) != null) {
			return ProblemType.MALFORMED_REQUEST.problem("The request body is not valid JSON");
		}
		if (ex.getReason() != null && ex.getReason().contains("body is missing")) {
			return ProblemType.MALFORMED_REQUEST.problem("The request body is missing; send a JSON object");
		}
		return ProblemType.BAD_REQUEST.problem(ex.getReason());
	}

	private static ProblemDetail byStatus(HttpStatusCode status, String detail) {
		// Keep the framework's exact status (e.g. 400 vs 422) even when the type is a
		// generic one.
		return ProblemType.forStatus(status).problem(status, detail);
	}

	private static <T extends Throwable> T causedBy(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
