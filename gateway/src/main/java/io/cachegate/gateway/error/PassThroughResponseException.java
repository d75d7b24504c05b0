package io.cachegate.gateway.error;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * A dependency's answer that the client should see exactly as it was (for example
 * auth-service's 429 with its {@code Retry-After}), raised where a filter cannot write
 * the response itself.
 */
public class PassThroughResponseException extends RuntimeException {

	private final HttpStatusCode status;

	private final transient HttpHeaders headers;

	private final byte[] body;

	public PassThroughResponseException(HttpStatusCode status, HttpHeaders headers, byte[] body) {
		super("Passed through: " + status);
		this.status = status;
		HttpHeaders copy = new HttpHeaders();
		copy.addAll(headers);
		this.headers = copy;
		this.body = body.clone();
	}

	public HttpStatusCode status() {
		return status;
	}

	public HttpHeaders headers() {
		return headers;
	}

	public byte[] body() {
		return body.clone();
	}

}
