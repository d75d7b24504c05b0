package io.cachegate.auth.error;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error that already knows its RFC 9457 answer. Features extend it with one type per
 * meaning, so the error handler needs to know none of them.
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String typeName;

	private final String title;

	protected ProblemException(HttpStatus status, String typeName, String title, String detail) {
		super(detail);
		this.status = status;
		this.typeName = typeName;
		this.title = title;
	}

	/** The response status. */
	public HttpStatus status() {
		return this.status;
	}

	/**
	 * Headers to add to the answer (for example {@code Retry-After}); none by default.
	 */
	public HttpHeaders headers() {
		return HttpHeaders.EMPTY;
	}

	/** Extra members of the problem object; none by default. */
	protected Map<String, Object> properties() {
		return Map.of();
	}

	/**
	 * The problem this exception stands for, without {@code instance} (the handler sets
	 * it).
	 */
	public ProblemDetail toProblemDetail() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, getMessage());
		problem.setType(ProblemTypes.uri(this.typeName));
		problem.setTitle(this.title);
		properties().forEach(problem::setProperty);
		return problem;
	}

	/** The stable {@code type} URI of this problem. */
	public URI type() {
		return ProblemTypes.uri(this.typeName);
	}

}
