package io.cachegate.auth.error;

import java.net.URI;

/**
 * The stable {@code type} URIs of this service's problems:
 * {@code https://cachegate.io/problems/<name>}. Clients may switch on them, so a name
 * never changes meaning.
 */
public final class ProblemTypes {

	/** Prefix of every problem type. */
	public static final String BASE = "https://cachegate.io/problems/";

	private ProblemTypes() {
	}

	/**
	 * @param name the short name, such as {@code invalid-credentials}
	 * @return the full type URI
	 */
	public static URI uri(String name) {
		return URI.create(BASE + name);
	}

}
