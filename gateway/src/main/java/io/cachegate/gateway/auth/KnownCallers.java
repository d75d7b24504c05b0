package io.cachegate.gateway.auth;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.http.HttpMethod;

/**
 * Authentication for handlers that answer before the web filters run (the cache's fast
 * path): the caller of a request whose credentials this instance has already verified,
 * without any I/O; anything else (a public path, no credentials, credentials never seen,
 * refused or about to expire) is null, and the request is left to
 * {@link AuthenticationWebFilter}, which decides and answers exactly as for any request.
 *
 * <p>
 * Bearer tokens seen before are remembered here under a 64-bit hash with a per-process
 * random seed, and a candidate is accepted only after a constant-time comparison of the
 * whole token: a hot token costs a cheap hash instead of a SHA-256, and neither the table
 * lookup nor the comparison tells an attacker anything about a valid token (the seed is
 * unknown, the comparison time does not depend on where tokens differ). Entries expire at
 * the token's {@code exp}.
 */
public final class KnownCallers {

	private static final String BEARER = "bearer ";

	private static final String BASIC = "basic ";

	private final TokenVerifier verifier;

	private final BasicTokenExchange basic;

	private final AuthenticationWebFilter filter;

	private final Clock clock;

	private final long seed = ThreadLocalRandom.current().nextLong() | 1;

	private final Cache<Long, VerifiedToken> bearers;

	KnownCallers(TokenVerifier verifier, BasicTokenExchange basic, AuthenticationWebFilter filter,
			AuthProperties properties, Clock clock) {
		this.verifier = verifier;
		this.basic = basic;
		this.filter = filter;
		this.clock = clock;
		this.bearers = Caffeine.newBuilder()
			.maximumSize(properties.verifiedTokenCacheSize())
			.expireAfter(new TokenVerifier.UntilTokenExpires<Long>(clock))
			.executor(Runnable::run)
			.build();
	}

	/**
	 * The verified caller of a request that needs credentials and carries known ones,
	 * else null; from what a handler in front of the gateway reads of the request: its
	 * method, raw path and {@code Authorization} value (null when it has none).
	 */
	public VerifiedToken of(HttpMethod method, String rawPath, String authorization) {
		if (authorization == null || filter.isPublic(method, rawPath)) {
			return null;
		}
		return known(authorization);
	}

	private VerifiedToken known(String authorization) {
		if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return bearer(authorization);
		}
		if (authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
			return basic.known(authorization.substring(BASIC.length()));
		}
		return null;
	}

	/**
	 * The token of a {@code Bearer} header value, read in place: the memo is asked first
	 * without copying the token out of the header (a token is several hundred characters,
	 * and this runs on every request).
	 */
	private VerifiedToken bearer(String authorization) {
		int start = BEARER.length();
		int end = authorization.length();
		while (start < end && authorization.charAt(start) <= ' ') {
			start++;
		}
		while (end > start && authorization.charAt(end - 1) <= ' ') {
			end--;
		}
		long hash = hash(authorization, start, end);
		VerifiedToken remembered = bearers.getIfPresent(hash);
		if (remembered != null && constantTimeEquals(remembered.token(), authorization, start, end)
				&& remembered.expiresAt().isAfter(clock.instant())) {
			return remembered;
		}
		VerifiedToken known = verifier.known(authorization.substring(start, end));
		if (known != null) {
			bearers.put(hash, known);
		}
		return known;
	}

	/**
	 * FNV-1a over the characters from a random seed, then a final mix (not cryptographic;
	 * see the class comment).
	 */
	private long hash(String text, int start, int end) {
		long h = seed;
		for (int i = start; i < end; i++) {
			h = (h ^ text.charAt(i)) * 0x100000001B3L;
		}
		h ^= h >>> 33;
		h *= 0xFF51AFD7ED558CCDL;
		return h ^ (h >>> 33);
	}

	/** Equal length and characters; the time depends on the length only. */
	static boolean constantTimeEquals(String a, String b) {
		return constantTimeEquals(a, b, 0, b.length());
	}

	/**
	 * Whether {@code a} equals {@code b} from {@code start} to {@code end}, in time that
	 * depends on the length only.
	 */
	static boolean constantTimeEquals(String a, String b, int start, int end) {
		if (a.length() != end - start) {
			return false;
		}
		int difference = 0;
		for (int i = 0; i < a.length(); i++) {
			difference |= a.charAt(i) ^ b.charAt(start + i);
		}
		return difference == 0;
	}

}
