package io.cachegate.support.problem;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemWriterTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ProblemWriter writer = new ProblemWriter(JSON);

	@Test
	void writesAnExceptionsProblemWithItsHeadersAndMembers() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/users"));
		InvalidRequestException invalid = new InvalidRequestException(
				List.of(new FieldViolation("email", "must be an email address"),
						new FieldViolation("birthDate", "must not be in the future")));
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "3");

		StepVerifier.create(this.writer.write(exchange, invalid.toProblemDetail(), headers)).verifyComplete();

		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(exchange.getResponse().getHeaders().getCacheControl()).isEqualTo("no-store");
		assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
		Map<String, Object> body = body(exchange);
		assertThat(body).containsEntry("type", "https://cachegate.io/problems/invalid-request")
			.containsEntry("title", "Invalid request")
			.containsEntry("status", 400)
			.containsEntry("detail", "Invalid fields: email, birthDate. Fix them and send the request again.")
			.containsEntry("instance", "/users")
			.containsEntry("errors", List.of(Map.of("field", "email", "message", "must be an email address"),
					Map.of("field", "birthDate", "message", "must not be in the future")));
		assertThat(exchange.getResponse().getHeaders().getContentLength())
			.isEqualTo(exchange.getResponse().getBodyAsString().block().length());
	}

	@Test
	void keepsAGivenInstanceAndStatusAndOmitsAMissingDetail() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/users/7"));
		ProblemDetail problem = ProblemType.BAD_REQUEST.problem(HttpStatus.UNPROCESSABLE_CONTENT, null);
		problem.setInstance(URI.create("/elsewhere"));
		problem.setProperty("status", 999);

		StepVerifier.create(this.writer.write(exchange, problem, HttpHeaders.EMPTY)).verifyComplete();

		Map<String, Object> body = body(exchange);
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(body).containsEntry("type", "https://cachegate.io/problems/bad-request")
			.containsEntry("status", 422)
			.containsEntry("instance", "/elsewhere")
			.doesNotContainKey("detail");
	}

	@Test
	void writesNothingOnACommittedResponse() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
		StepVerifier.create(exchange.getResponse().setComplete()).verifyComplete();

		StepVerifier.create(this.writer.write(exchange, ProblemType.NOT_FOUND.problem("gone"), HttpHeaders.EMPTY))
			.verifyComplete();

		assertThat(exchange.getResponse().getHeaders().getContentType()).isNull();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> body(MockServerWebExchange exchange) {
		return JSON.readValue(exchange.getResponse().getBodyAsString().block(), Map.class);
	}

}
