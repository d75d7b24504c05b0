package io.cachegate.gateway.error;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * An error the gateway itself decides on (bad credentials, an unavailable dependency),
 * carrying what the client needs: status, a stable problem type, a message that says what
 * to do, and extra response headers such as {@code WWW-Authenticate}.
 * {@link ProblemErrorWebExceptionHandler} renders it as problem+json.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatusCode status;

	private final String type;

	private final String title;

	private final transient HttpHeaders headers;

	/**
	 * @param status the response status
	 * @param type the last segment of the problem type URI
	 * ({@code https://cachegate.io/problems/<type>})
	 * @param title a short, stable summary
	 * @param detail what was wrong in this case and what to do
	 * @param headers headers to add to the response (copied)
	 */
	public ProblemException(HttpStatusCode status, String type, String title, String detail, HttpHeaders headers) {
		super(detail);
		this.status = status;
		this.type = type;
		this.title = title;
		HttpHeaders copy = new HttpHeaders();
		copy.addAll(headers);
		this.headers = copy;
	}

	public HttpStatusCode status() {
		return status;
	}

	public URI type() {
		return Problems.type(type);
	}

	public String title() {
		return title;
	}

	public HttpHeaders headers() {
		return headers;
	}

}
