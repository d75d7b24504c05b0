package io.cachegate.users.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.http.ProblemDetail;

/**
 * A failure that the client caused or can act on, answered as problem+json. Features
 * throw subclasses that carry their own context (the id, the field);
 * {@link ProblemExceptionHandler} renders them all the same way.
 */
public class ApiException extends RuntimeException {

	private final ProblemType type;

	private final Map<String, Object> properties;

	/**
	 * A new exception.
	 * @param type the kind of problem
	 * @param detail the human-readable detail
	 * @param properties extra members for the problem body (copied; iteration order kept)
	 */
	public ApiException(ProblemType type, String detail, Map<String, ?> properties) {
		super(detail);
		this.type = Objects.requireNonNull(type, "type");
		this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	/**
	 * The kind of problem.
	 * @return the problem type
	 */
	public ProblemType type() {
		return this.type;
	}

	/**
	 * The problem body for this exception.
	 * @return a new problem detail with the extra properties set
	 */
	public ProblemDetail toProblem() {
		ProblemDetail problem = this.type.problem(getMessage());
		this.properties.forEach(problem::setProperty);
		return problem;
	}

}
