package io.cachegate.users.error;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The kinds of problem this service answers with. Each has a stable {@code type} URI
 * ({@code https://cachegate.io/problems/<name>}) that clients may switch on; titles are
 * for humans.
 */
public enum ProblemType {

	/** One or more fields or parameters are invalid; {@code errors} names each. */
	INVALID_INPUT("invalid-input", HttpStatus.BAD_REQUEST, "Invalid input"),

	/** The body could not be read: not JSON, truncated, or the wrong shape. */
	MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),

	/** Any other client error the framework reports as 400. */
	BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad request"),

	/** No credentials, or credentials that could not be verified. */
	UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Authentication required"),

	/**
	 * A bearer token was given but is not valid (signature, algorithm, expiry, issuer,
	 * audience).
	 */
	INVALID_TOKEN("invalid-token", HttpStatus.UNAUTHORIZED, "Invalid token"),

	/** The caller's role may not do this. */
	FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),

	/** The resource does not exist. */
	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),

	/**
	 * The resource exists but not with this method; {@code Allow} lists the ones it has.
	 */
	METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),

	/** None of the media types in {@code Accept} can be produced. */
	NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),

	/** A unique value (username, email) is already taken. */
	DUPLICATE("duplicate", HttpStatus.CONFLICT, "Already exists"),

	/** {@code If-Match} named a version that is no longer current. */
	PRECONDITION_FAILED("precondition-failed", HttpStatus.PRECONDITION_FAILED, "Precondition failed"),

	/** The body is larger than this service accepts. */
	PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),

	/** The body's {@code Content-Type} is not one this endpoint reads. */
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),

	/** A dependency (database, key set) is unavailable; retrying later may work. */
	UNAVAILABLE("unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),

	/** An unexpected failure on our side. */
	INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

	private static final String BASE = "https://cachegate.io/problems/";

	private final URI uri;

	private final HttpStatus status;

	private final String title;

	ProblemType(String name, HttpStatus status, String title) {
		this.uri = URI.create(BASE + name);
		this.status = status;
		this.title = title;
	}

	/**
	 * The stable type URI.
	 * @return {@code https://cachegate.io/problems/<name>}
	 */
	public URI uri() {
		return this.uri;
	}

	/**
	 * The status this problem is answered with.
	 * @return the HTTP status
	 */
	public HttpStatus status() {
		return this.status;
	}

	/**
	 * A new problem of this type.
	 * @param detail what exactly was wrong and, where useful, what to do
	 * @return the problem detail, ready for extra properties
	 */
	public ProblemDetail problem(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, detail);
		problem.setType(this.uri);
		problem.setTitle(this.title);
		return problem;
	}

}
