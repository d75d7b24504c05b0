package io.cachegate.gateway.error;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.unix.Errors.NativeIoException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;
import io.cachegate.support.problem.ProblemWriter;

/**
 * Renders every error as RFC 9457 problem+json, including errors raised inside gateway
 * and web filters (which never reach controller advice): 401 from authentication, 404
 * when no route matches, 502 when the origin refuses or fails, 504 when it is too slow,
 * 500 for anything unexpected. Runs before Boot's default handler.
 *
 * <p>
 * The detail of an unexpected error is never sent to the client (it may name internals);
 * it is logged with the request id instead.
 */
@Component
@Order(-3)
class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemErrorWebExceptionHandler.class);

	private final ProblemWriter writer;

	ProblemErrorWebExceptionHandler(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			// Headers are gone; the only thing left to do is to let the connection fail.
			return Mono.error(error);
		}
		if (error instanceof PassThroughResponseException passed) {
			response.setStatusCode(passed.status());
			passed.headers().forEach((name, values) -> {
				if (!name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Connection")) {
					response.getHeaders().put(name, values);
				}
			});
			response.getHeaders().setContentLength(passed.body().length);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(passed.body())));
		}
		ProblemDetail problem = toProblem(exchange, error);
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		String requestId = exchange.getResponse().getHeaders().getFirst("X-Request-Id");
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		HttpHeaders headers = (error instanceof ProblemException pe) ? pe.headers() : HttpHeaders.EMPTY;
		return this.writer.write(exchange, problem, headers);
	}

	private ProblemDetail toProblem(ServerWebExchange exchange, Throwable error) {
		if (error instanceof ProblemException pe) {
			return pe.toProblemDetail();
		}
		Throwable cause = rootCause(error);
		if (isTimeout(error) || isTimeout(cause)
				|| error instanceof ResponseStatusException rse && rse.getStatusCode().value() == 504) {
			return ProblemType.GATEWAY_TIMEOUT
				.problem("The service behind the gateway did not answer in time; try again later.");
		}
		if (cause instanceof ConnectException || cause instanceof UnknownHostException
				|| error instanceof ResponseStatusException rse && rse.getStatusCode().value() == 502) {
			return ProblemType.BAD_GATEWAY
				.problem("The service behind the gateway could not be reached; try again later.");
		}
		if (isBrokenAnswer(error) || isBrokenAnswer(cause)) {
			return ProblemType.BAD_GATEWAY
				.problem("The service behind the gateway sent a broken answer (it ended early or could not be read); "
						+ "try again later.");
		}
		if (error instanceof ErrorResponse er) {
			HttpStatusCode status = er.getStatusCode();
			if (status.value() == 404) {
				return ProblemType.NOT_FOUND.problem(status,
						"No route or resource matches " + exchange.getRequest().getPath().value() + ".");
			}
			if (status.is4xxClientError()) {
				String detail = er.getBody().getDetail() != null ? er.getBody().getDetail() : error.getMessage();
				return ProblemType.BAD_REQUEST.problem(status, detail);
			}
			if (status.value() == 503) {
				return ProblemType.SERVICE_UNAVAILABLE.problem(status,
						"A service the gateway depends on is unavailable; try again later.");
			}
		}
		logger.error("Unexpected error on {} {}", exchange.getRequest().getMethod(),
				exchange.getRequest().getPath().value(), error);
		return ProblemType.INTERNAL_ERROR
			.problem("The gateway failed unexpectedly; the request id identifies this failure in its log.");
	}

	/**
	 * An origin's answer that ended before its end (RFC 9112 section 6.3) or that the
	 * HTTP codec could not read.
	 */
	private static boolean isBrokenAnswer(Throwable error) {
		return error instanceof PrematureCloseException || error instanceof PrematureChannelClosureException
				|| error instanceof DecoderException || isReset(error);
	}

	/**
	 * The origin's connection reset instead of an answer ("Connection reset by peer"): a
	 * {@link SocketException} from the JDK's transport, a {@link NativeIoException} from
	 * Netty's native one. A refused connection is a {@link ConnectException}, tested
	 * before.
	 */
	private static boolean isReset(Throwable error) {
		return error instanceof SocketException || error instanceof NativeIoException;
	}

	private static boolean isTimeout(Throwable error) {
		return error instanceof TimeoutException || error instanceof ReadTimeoutException
				|| error instanceof ConnectTimeoutException;
	}

	private static Throwable rootCause(Throwable error) {
		Throwable cause = error;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

}
