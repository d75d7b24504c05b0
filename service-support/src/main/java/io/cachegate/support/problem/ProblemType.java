package io.cachegate.support.problem;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Every problem type any Cachegate component answers with, in one place: the stable
 * {@code type} URI ({@code https://cachegate.io/problems/<slug>}) that clients switch on,
 * the status it is usually answered with and its title. A slug has one meaning
 * everywhere, so the gateway and the services cannot drift apart on it;
 * {@code docs/problem.yaml} lists the same slugs (a test keeps the two in step).
 */
public enum ProblemType {

	/** One or more fields or parameters break the rules; {@code errors} names each. */
	INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),

	/** The body could not be read: not JSON, truncated, or the wrong shape. */
	MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),

	/** Any other client error; answered with the framework's exact 4xx status. */
	BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad request"),

	/** A path the gateway refuses before routing (encoded slash, NUL, dot segment). */
	BAD_PATH("bad-path", HttpStatus.BAD_REQUEST, "Bad request path"),

	/** No credentials. */
	UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Authentication required"),

	/** A bearer token that does not verify (signature, expiry, issuer, audience). */
	INVALID_TOKEN("invalid-token", HttpStatus.UNAUTHORIZED, "Invalid token"),

	/** Wrong username or password, or credentials the gateway refuses. */
	INVALID_CREDENTIALS("invalid-credentials", HttpStatus.UNAUTHORIZED, "Invalid credentials"),

	/** The caller's role may not do this. */
	FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),

	/** No such path or resource (at the gateway: no route matches). */
	NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),

	/** No account has that id. */
	ACCOUNT_NOT_FOUND("account-not-found", HttpStatus.NOT_FOUND, "Account not found"),

	/** The cache admin API was asked for an entry that is not cached. */
	CACHE_ENTRY_NOT_FOUND("cache-entry-not-found", HttpStatus.NOT_FOUND, "Cache entry not found"),

	/** The path exists with other methods; {@code Allow} lists them. */
	METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),

	/** Nothing in {@code Accept} can be produced. */
	NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),

	/** The username is taken by another account. */
	DUPLICATE_USERNAME("duplicate-username", HttpStatus.CONFLICT, "Username taken"),

	/** A unique value of a user (username, email) is taken; {@code field} names it. */
	DUPLICATE("duplicate", HttpStatus.CONFLICT, "Already exists"),

	/** {@code If-Match} named a version that is no longer current. */
	PRECONDITION_FAILED("precondition-failed", HttpStatus.PRECONDITION_FAILED, "Precondition failed"),

	/** The body is larger than accepted. */
	PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),

	/** The body's {@code Content-Type} is not read here. */
	UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),

	/**
	 * The caller is over the gateway's rate limit; {@code Retry-After} says when to
	 * retry.
	 */
	TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),

	/**
	 * Too many failed logins; {@code retryAfter} and {@code Retry-After} say how long to
	 * wait.
	 */
	TOO_MANY_LOGIN_ATTEMPTS("too-many-login-attempts", HttpStatus.TOO_MANY_REQUESTS, "Too many login attempts"),

	/** An unexpected failure; details only in the log. */
	INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),

	/**
	 * The service behind the gateway refused the connection, is unreachable or answered
	 * broken.
	 */
	BAD_GATEWAY("bad-gateway", HttpStatus.BAD_GATEWAY, "Bad gateway"),

	/** auth-service did not answer a Basic exchange properly (502) or in time (504). */
	AUTHENTICATION_UNAVAILABLE("authentication-unavailable", HttpStatus.BAD_GATEWAY, "Authentication unavailable"),

	/** A dependency (database, key set, a service) is down; retrying later may work. */
	SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),

	/** Logins are paused because failed attempts cannot be counted. */
	LOGIN_UNAVAILABLE("login-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Login unavailable"),

	/** An admin invalidation Redis did not take on every route. */
	CACHE_UNAVAILABLE("cache-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Cache unavailable"),

	/** The service behind the gateway did not answer in time. */
	GATEWAY_TIMEOUT("gateway-timeout", HttpStatus.GATEWAY_TIMEOUT, "Gateway timeout");

	/** Prefix of every problem type URI. */
	public static final String BASE = "https://cachegate.io/problems/";

	private static final Map<String, ProblemType> BY_SLUG = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(ProblemType::slug, Function.identity()));

	private final String slug;

	private final HttpStatus status;

	private final String title;

	ProblemType(String slug, HttpStatus status, String title) {
		this.slug = Objects.requireNonNull(slug, "slug");
		this.status = status;
		this.title = Objects.requireNonNull(title, "title");
	}

	/**
	 * The type with this slug.
	 * @param slug the last segment of the type URI, such as {@code bad-request}
	 * @return the type
	 * @throws IllegalArgumentException if no type has this slug
	 */
	public static ProblemType of(String slug) {
		ProblemType type = BY_SLUG.get(slug);
		if (type == null) {
			throw new IllegalArgumentException("No problem type '" + slug + "'; add it to ProblemType");
		}
		return type;
	}

	/**
	 * The generic type for an error the framework reports only by status (an
	 * {@code ErrorResponse}).
	 * @param status the status
	 * @return the type; {@link #BAD_REQUEST} for other 4xx, {@link #INTERNAL_ERROR} for
	 * other statuses
	 */
	public static ProblemType forStatus(HttpStatusCode status) {
		return switch (status.value()) {
			case 401 -> UNAUTHORIZED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 406 -> NOT_ACCEPTABLE;
			case 409 -> DUPLICATE;
			case 412 -> PRECONDITION_FAILED;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 429 -> TOO_MANY_REQUESTS;
			case 502 -> BAD_GATEWAY;
			case 503 -> SERVICE_UNAVAILABLE;
			case 504 -> GATEWAY_TIMEOUT;
			default -> status.is4xxClientError() ? BAD_REQUEST : INTERNAL_ERROR;
		};
	}

	/** The last segment of the type URI, such as {@code invalid-request}. */
	public String slug() {
		return this.slug;
	}

	/** The stable type URI. */
	public URI uri() {
		return URI.create(BASE + this.slug);
	}

	/** The status this type is answered with unless the occurrence says otherwise. */
	public HttpStatus status() {
		return this.status;
	}

	/** The title, the same for every occurrence. */
	public String title() {
		return this.title;
	}

	/**
	 * A new problem of this type with its usual status.
	 * @param detail what exactly was wrong and what to do
	 * @return the problem, ready for extra properties
	 */
	public ProblemDetail problem(String detail) {
		return problem(this.status, detail);
	}

	/**
	 * A new problem of this type with a given status (a generic type keeps the
	 * framework's exact status).
	 * @param status the status to answer with
	 * @param detail what exactly was wrong and what to do
	 * @return the problem, ready for extra properties
	 */
	public ProblemDetail problem(HttpStatusCode status, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(uri());
		problem.setTitle(this.title);
		return problem;
	}

}
