package io.cachegate.cache;

import org.springframework.http.HttpMethod;

/**
 * Who is calling, as far as a handler in front of the application's authentication may
 * know it without I/O: the role (the part of a cache key that says whom an answer was
 * made for, as {@code CallerRoles} gives it on the full path) of a request whose
 * credentials the application has already verified. The application provides it; the
 * cache knows nothing of tokens.
 */
@FunctionalInterface
public interface FastPathCallers {

	/** Nothing is known ahead: every read goes to the full gateway. */
	FastPathCallers NONE = (method, rawPath, authorization) -> null;

	/**
	 * The role of the caller of a request needing credentials that carries known ones;
	 * null for anything else (no credentials, unknown or refused ones, a path that needs
	 * none), which then goes to the full gateway.
	 * @param method the request's method
	 * @param rawPath its raw path
	 * @param authorization its {@code Authorization} value, or null
	 */
	String knownRole(HttpMethod method, String rawPath, String authorization);

}
