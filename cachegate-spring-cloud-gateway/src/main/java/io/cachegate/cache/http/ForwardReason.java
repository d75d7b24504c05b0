package io.cachegate.cache.http;

/**
 * Why a request went to the origin: the {@code fwd} parameter of the gateway's
 * {@code Cache-Status} header (RFC 9211 section 2.2), and the header value that says it.
 * Every {@code fwd=} the gateway writes comes from here.
 */
public enum ForwardReason {

	/**
	 * The cache was not used: the route's cache is off, Redis is down, a private path.
	 */
	BYPASS("bypass"),

	/** The request method is not one the cache answers (a write, OPTIONS, TRACE). */
	METHOD("method"),

	/** The cache held nothing for the target URI. */
	URI_MISS("uri-miss"),

	/** The cache held the target URI, but not for this request's Vary values. */
	VARY_MISS("vary-miss"),

	/** The cache held nothing usable for the request (the gateway's plain miss). */
	MISS("miss"),

	/** The request's own directives asked for the origin. */
	REQUEST("request"),

	/** The cache held a stale entry it could not serve as it was. */
	STALE("stale"),

	/** The cache held part of the answer only. */
	PARTIAL("partial");

	private final String token;

	private final String cacheStatus;

	ForwardReason(String token) {
		this.token = token;
		this.cacheStatus = "cachegate; fwd=" + token;
	}

	/** The parameter's value, as RFC 9211 spells it ({@code uri-miss}). */
	public String token() {
		return token;
	}

	/** The {@code Cache-Status} value: {@code cachegate; fwd=<token>}. */
	public String cacheStatus() {
		return cacheStatus;
	}

	/**
	 * The {@code Cache-Status} value with a detail:
	 * {@code cachegate; fwd=<token>; detail=<detail>}.
	 */
	public String cacheStatus(String detail) {
		return cacheStatus + "; detail=" + detail;
	}

}
