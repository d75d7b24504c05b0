package io.cachegate.support.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * An error that already knows its RFC 9457 answer: a registered {@link ProblemType}, the
 * detail, extra members and extra headers. Features throw subclasses with one type per
 * meaning, so an error handler needs to know none of them.
 */
public class ProblemException extends RuntimeException {

	private final ProblemType type;

	private final HttpStatusCode status;

	private final Map<String, Object> properties;

	private final transient HttpHeaders headers;

	/**
	 * A problem with the type's usual status and no extra members or headers.
	 * @param type the kind of problem
	 * @param detail what was wrong in this case and what to do
	 */
	public ProblemException(ProblemType type, String detail) {
		this(type, type.status(), detail, Map.of(), HttpHeaders.EMPTY);
	}

	/**
	 * A problem with the type's usual status and extra members.
	 * @param type the kind of problem
	 * @param detail what was wrong in this case and what to do
	 * @param properties extra members of the body (copied; iteration order kept)
	 */
	public ProblemException(ProblemType type, String detail, Map<String, ?> properties) {
		this(type, type.status(), detail, properties, HttpHeaders.EMPTY);
	}

	/**
	 * A problem with everything given.
	 * @param type the kind of problem
	 * @param status the status to answer with
	 * @param detail what was wrong in this case and what to do
	 * @param properties extra members of the body (copied; iteration order kept)
	 * @param headers headers to add to the answer, such as {@code WWW-Authenticate}
	 * (copied)
	 */
	public ProblemException(ProblemType type, HttpStatusCode status, String detail, Map<String, ?> properties,
			HttpHeaders headers) {
		super(detail);
		this.type = Objects.requireNonNull(type, "type");
		this.status = Objects.requireNonNull(status, "status");
		this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
		HttpHeaders copy = new HttpHeaders();
		copy.addAll(headers);
		this.headers = HttpHeaders.readOnlyHttpHeaders(copy);
	}

	/** The kind of problem. */
	public ProblemType type() {
		return this.type;
	}

	/** The response status. */
	public HttpStatusCode status() {
		return this.status;
	}

	/**
	 * The problem this exception stands for, without {@code instance} (the writer sets
	 * it).
	 * @return a new problem detail
	 */
	public ProblemDetail toProblemDetail() {
		ProblemDetail problem = this.type.problem(this.status, getMessage());
		properties().forEach(problem::setProperty);
		return problem;
	}

	/** Headers to add to the answer (for example {@code Retry-After}). */
	public HttpHeaders headers() {
		return this.headers;
	}

	/** Extra members of the problem object. */
	protected Map<String, Object> properties() {
		return this.properties;
	}

}
