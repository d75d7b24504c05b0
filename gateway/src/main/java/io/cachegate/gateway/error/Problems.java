package io.cachegate.gateway.error;

import java.net.URI;

/**
 * The problem type URIs the gateway answers with; stable, documented in CONFIGURATION.md.
 */
public final class Problems {

	/** Base of every problem type URI. */
	public static final String BASE = "https://cachegate.io/problems/";

	private Problems() {
	}

	public static URI type(String name) {
		return URI.create(BASE + name);
	}

}
