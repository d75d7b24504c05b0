package io.cachegate.support.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes a {@link ProblemDetail} straight onto an exchange as
 * {@code application/problem+json} with {@code Cache-Control: no-store}: for the places
 * that answer outside a controller (exception handlers, Spring Security's entry points,
 * the gateway's filters). Registered by {@link ProblemAutoConfiguration}.
 *
 * <p>
 * The body is the RFC 9457 members, flat, then the extension members; it does not depend
 * on whether the mapper knows Spring's {@code ProblemDetail} mixin.
 */
public class ProblemWriter {

	private final JsonMapper jsonMapper;

	/**
	 * @param jsonMapper the application's mapper (extension members are serialized with
	 * it)
	 */
	public ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * @param exchange the exchange to answer
	 * @param problem the problem; its {@code instance} defaults to the request path
	 * @param headers extra headers such as {@code WWW-Authenticate}, {@code Allow} or
	 * {@code Retry-After}
	 * @return completes when the body is written
	 */
	public Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, HttpHeaders headers) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		if (problem.getInstance() == null) {
			problem.setInstance(instance(exchange));
		}
		byte[] body = this.jsonMapper.writeValueAsBytes(toMap(problem));
		response.setStatusCode(HttpStatusCode.valueOf(problem.getStatus()));
		response.getHeaders().addAll(headers);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(body.length);
		// An error is never a representation a cache should keep.
		response.getHeaders().setCacheControl("no-store");
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	private static URI instance(ServerWebExchange exchange) {
		try {
			return URI.create(exchange.getRequest().getPath().value());
		}
		catch (IllegalArgumentException ex) {
			// The path is already encoded, so this is rare; a problem without instance
			// beats a failed answer.
			return null;
		}
	}

	/**
	 * The body: {@code type}, {@code title}, {@code status}, {@code detail} and
	 * {@code instance} when set, then the extension members (which cannot replace a
	 * standard one).
	 * @param problem the problem
	 * @return the members in that order
	 */
	static Map<String, Object> toMap(ProblemDetail problem) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			body.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			problem.getProperties().forEach(body::putIfAbsent);
		}
		return body;
	}

}
