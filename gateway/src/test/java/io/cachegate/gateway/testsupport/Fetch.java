package io.cachegate.gateway.testsupport;

import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.stack.test.Answers;

/**
 * One GET, read whole: the request the integration tests make most, built the same way
 * everywhere. A header given as {@code null} is left out, so a test passes "no
 * credentials" the way it passes credentials.
 */
public final class Fetch {

	private final WebTestClient client;

	private final String path;

	private final HttpHeaders headers = new HttpHeaders();

	private Fetch(WebTestClient client, String path) {
		this.client = client;
		this.path = path;
	}

	/** A GET of the path (with its query, if any) through the client. */
	public static Fetch get(WebTestClient client, String path) {
		return new Fetch(client, path);
	}

	/** Sends the header with the request, unless the value is {@code null}. */
	public Fetch header(String name, String value) {
		if (value != null) {
			this.headers.set(name, value);
		}
		return this;
	}

	/** Sends {@code Authorization}, unless the value is {@code null}. */
	public Fetch authorization(String value) {
		return header(HttpHeaders.AUTHORIZATION, value);
	}

	/** Sends the request; the answer whatever its status, its body as text. */
	public EntityExchangeResult<String> result() {
		return request().exchange().expectBody(String.class).returnResult();
	}

	/** Sends the request; the first value of one header of the answer. */
	public String answerHeader(String name) {
		return result().getResponseHeaders().getFirst(name);
	}

	/** Sends the request; the body of the answer, failing the test unless it is a 200. */
	public String okBody() {
		return Answers.okBody(request());
	}

	private WebTestClient.RequestHeadersSpec<?> request() {
		return this.client.get().uri(this.path).headers(sent -> sent.addAll(this.headers));
	}

}
