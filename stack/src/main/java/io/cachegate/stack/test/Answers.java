package io.cachegate.stack.test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Checks of an HTTP answer that the tests of every module make the same way: a
 * {@code 200} read as text, and the {@code 503} problem a service gives while a
 * dependency it needs is away.
 */
public final class Answers {

	/** The problem type a service answers with while its database is away. */
	public static final String SERVICE_UNAVAILABLE = "https://cachegate.io/problems/service-unavailable";

	private Answers() {
	}

	/**
	 * Sends the request and returns the body of its answer as text, failing the test when
	 * the status is not {@code 200}.
	 */
	public static String okBody(WebTestClient.RequestHeadersSpec<?> request) {
		return okBody(request.exchange());
	}

	/**
	 * The body of an answer as text, failing the test when its status is not {@code 200}.
	 */
	public static String okBody(WebTestClient.ResponseSpec response) {
		return response.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
	}

	/**
	 * Fails the test unless the answer is the {@code 503 service-unavailable} problem
	 * with {@code Retry-After: 1}: what a service answers, never a 500, while its
	 * database is away.
	 */
	public static void assertServiceUnavailable(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "1")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(SERVICE_UNAVAILABLE);
	}

}
