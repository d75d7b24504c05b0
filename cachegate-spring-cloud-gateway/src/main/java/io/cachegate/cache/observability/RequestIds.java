package io.cachegate.cache.observability;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The request id rule, shared by {@link RequestIdWebFilter} and handlers in front of the
 * web filters: the client's {@code X-Request-Id} when it is a short printable token (it
 * ends up in logs), else a new one.
 */
public final class RequestIds {

	/** The header that carries the id, both ways. */
	public static final String HEADER = "X-Request-Id";

	private static final int MAX_LENGTH = 128;

	private RequestIds() {
	}

	/** The id of a request that sent {@code given} (null when it sent none). */
	public static String of(String given) {
		return acceptable(given) ? given : newId();
	}

	/**
	 * {@code [A-Za-z0-9._:-]{1,128}}, checked without a regular expression: it runs on
	 * every request.
	 */
	static boolean acceptable(String given) {
		if (given == null || given.isEmpty() || given.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < given.length(); i++) {
			char c = given.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == ':' || c == '-';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	/**
	 * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id needs to be
	 * unique, not unguessable, and {@link UUID#randomUUID()} draws from a shared
	 * {@code SecureRandom} on every request.
	 */
	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

}
