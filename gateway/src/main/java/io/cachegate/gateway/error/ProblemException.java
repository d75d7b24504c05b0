package io.cachegate.gateway.error;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

import io.cachegate.support.problem.ProblemType;

/**
 * An error the gateway itself decides on (bad credentials, an unavailable dependency),
 * carrying what the client needs: status, a registered problem type, a message that says
 * what to do, and extra response headers such as {@code WWW-Authenticate}.
 * {@link ProblemErrorWebExceptionHandler} renders it as problem+json.
 */
public class ProblemException extends io.cachegate.support.problem.ProblemException {

	/**
	 * @param status the response status
	 * @param type the slug of a type registered in {@link ProblemType}
	 * ({@code https://cachegate.io/problems/<type>})
	 * @param title the type's title; the registry's is sent, so the two are the same
	 * @param detail what was wrong in this case and what to do
	 * @param headers headers to add to the response (copied)
	 * @throws IllegalArgumentException if the type is not registered
	 */
	public ProblemException(HttpStatusCode status, String type, String title, String detail, HttpHeaders headers) {
		super(ProblemType.of(type), status, detail, Map.of(), headers);
	}

}
