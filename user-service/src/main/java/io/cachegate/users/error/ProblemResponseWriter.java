package io.cachegate.users.error;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Writes a {@link ProblemDetail} as {@code application/problem+json} straight onto an
 * exchange, for the places that answer before or outside a controller: the security
 * filter chain and the last-resort exception handler. It uses the application's own
 * codecs, so the body looks exactly like one a controller would write.
 */
@Component
public class ProblemResponseWriter {

	private final ServerResponse.Context context;

	ProblemResponseWriter(ServerCodecConfigurer codecs) {
		List<HttpMessageWriter<?>> writers = codecs.getWriters();
		this.context = new ServerResponse.Context() {

			@Override
			public List<HttpMessageWriter<?>> messageWriters() {
				return writers;
			}

			@Override
			public List<ViewResolver> viewResolvers() {
				return List.of();
			}

		};
	}

	/**
	 * Writes the problem with its status, {@code Cache-Control: no-store} and the given
	 * extra headers.
	 * @param exchange the exchange to answer
	 * @param problem the problem body
	 * @param headers extra headers such as {@code WWW-Authenticate} or {@code Allow}
	 * @return completes when the response is written
	 */
	public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, HttpHeaders headers) {
		problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
		return ServerResponse.status(problem.getStatus()).headers((target) -> {
			target.addAll(headers);
			// An error is never a representation a cache should keep.
			target.setCacheControl("no-store");
		})
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(problem)
			.flatMap((response) -> response.writeTo(exchange, this.context));
	}

}
