package io.cachegate.users.error;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.server.ServerWebInputException;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;
import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;
import io.cachegate.support.problem.ProblemWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemExceptionHandlerTests {

	private final ProblemExceptionHandler handler = new ProblemExceptionHandler(
			new ProblemWriter(JsonMapper.builder().build()));

	@Test
	void rendersAProblemExceptionWithItsProperties() {
		MockServerWebExchange exchange = handle(
				new ProblemException(ProblemType.NOT_FOUND, "No user with id 7", Map.of("id", 7)));
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(404);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(exchange.getResponse().getHeaders().getCacheControl()).isEqualTo("no-store");
		assertThat(body(exchange)).contains("\"type\":\"https://cachegate.io/problems/not-found\"")
			.contains("\"id\":7")
			.contains("\"instance\":\"/users/7\"");
	}

	@Test
	void listsEveryInvalidField() {
		MockServerWebExchange exchange = handle(new InvalidRequestException(
				List.of(new FieldViolation("email", "bad"), new FieldViolation("phone", "worse"))));
		assertThat(body(exchange)).contains("\"errors\":[{\"field\":\"email\",\"message\":\"bad\"},"
				+ "{\"field\":\"phone\",\"message\":\"worse\"}]");
	}

	@Test
	void unavailableKeySetOrDatabaseIsServiceUnavailableWithRetryAfter() {
		for (RuntimeException ex : List.of(new AuthenticationServiceException("no keys"),
				new QueryTimeoutException("pool exhausted"))) {
			MockServerWebExchange exchange = handle(ex);
			assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(503);
			assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
			assertThat(body(exchange)).contains("https://cachegate.io/problems/service-unavailable");
		}
	}

	@Test
	void tooLargeBodyIsPayloadTooLarge() {
		MockServerWebExchange exchange = handle(
				new ServerWebInputException("bad body", null, new DataBufferLimitException("limit 262144")));
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(413);
	}

	@Test
	void unexpectedFailureIsInternalErrorWithoutItsMessage() {
		MockServerWebExchange exchange = handle(new IllegalStateException("secret internals"));
		assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(500);
		assertThat(body(exchange)).contains("internal-error").doesNotContain("secret internals");
	}

	@Test
	void committedResponseIsLeftAlone() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/users/7"));
		exchange.getResponse().setComplete().block();
		IllegalStateException failure = new IllegalStateException("late");
		Throwable propagated = this.handler.handle(exchange, failure)
			.then(Mono.<Throwable>empty())
			.onErrorResume(Mono::just)
			.block();
		assertThat(propagated).isSameAs(failure);
	}

	private MockServerWebExchange handle(Throwable ex) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/users/7"));
		this.handler.handle(exchange, ex).block();
		return exchange;
	}

	private static String body(MockServerWebExchange exchange) {
		return exchange.getResponse().getBodyAsString().block();
	}

}
