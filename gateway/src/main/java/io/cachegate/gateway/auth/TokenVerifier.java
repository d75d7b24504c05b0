package io.cachegate.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies bearer tokens: RS256 signature against auth-service's keys,
 * {@code exp}/{@code nbf} with a small skew, {@code iss}, {@code aud}. Every request is
 * authenticated, cache hits included, so a verified token is remembered (keyed by its
 * SHA-256, never the token itself) until its {@code exp} and no longer: a hot token costs
 * one hash, not an RSA verification (about 34 µs), per request. The RSA work itself runs
 * on the calling event loop: it is short CPU work, done once per token.
 */
class TokenVerifier {

	private static final Logger logger = LoggerFactory.getLogger(TokenVerifier.class);

	private final JwksKeys keys;

	private final JsonMapper json;

	private final Clock clock;

	private final JwtParser parser;

	private final Cache<String, VerifiedToken> verified;

	TokenVerifier(JwksKeys keys, JsonMapper json, AuthProperties properties, Clock clock) {
		this.keys = keys;
		this.json = json;
		this.clock = clock;
		String algorithm = properties.algorithm();
		this.parser = Jwts.parser().keyLocator(new LocatorAdapter<Key>() {
			@Override
			protected Key locate(JwsHeader header) {
				// Only the configured algorithm: no "none", no HS* with the public key as
				// secret, no others.
				if (!algorithm.equals(header.getAlgorithm())) {
					throw new UnsupportedJwtException("algorithm " + header.getAlgorithm() + " is not accepted");
				}
				Key key = header.getKeyId() != null ? keys.find(header.getKeyId()) : null;
				if (key == null) {
					throw new UnsupportedJwtException("unknown signing key " + header.getKeyId());
				}
				return key;
			}
		})
			.requireIssuer(properties.issuer())
			.requireAudience(properties.audience())
			.clockSkewSeconds(properties.clockSkew().toSeconds())
			.clock(() -> Date.from(clock.instant()))
			.build();
		this.verified = Caffeine.newBuilder()
			.maximumSize(properties.verifiedTokenCacheSize())
			.expireAfter(new UntilTokenExpires<String>(clock))
			.build();
	}

	/**
	 * The verified token, or an error that says why it was refused
	 * ({@link InvalidCredentialsException}).
	 */
	Mono<VerifiedToken> verify(String token) {
		String hash = sha256(token);
		VerifiedToken known = verified.getIfPresent(hash);
		if (known != null && known.expiresAt().isAfter(clock.instant())) {
			return Mono.just(known);
		}
		String kid;
		try {
			kid = keyIdOf(token);
		}
		catch (RuntimeException ex) {
			return Mono.error(new InvalidCredentialsException("the token is not a well-formed JWS"));
		}
		return keys.ensureKnown(kid).then(Mono.fromCallable(() -> {
			VerifiedToken fresh = parse(token);
			verified.put(hash, fresh);
			return fresh;
		}));
	}

	/**
	 * The token if it was verified before and has not expired, else null: no signature
	 * check, no key fetch.
	 */
	VerifiedToken known(String token) {
		VerifiedToken known = verified.getIfPresent(sha256(token));
		return known != null && known.expiresAt().isAfter(clock.instant()) ? known : null;
	}

	private VerifiedToken parse(String token) {
		try {
			Claims claims = parser.parseSignedClaims(token).getPayload();
			String role = claims.get("role", String.class);
			if (claims.getSubject() == null || role == null || claims.getExpiration() == null) {
				throw new InvalidCredentialsException("the token lacks sub, role or exp");
			}
			return new VerifiedToken(token, claims.getSubject(), claims.get("preferred_username", String.class), role,
					claims.getExpiration().toInstant());
		}
		catch (ExpiredJwtException ex) {
			throw new InvalidCredentialsException("the token has expired");
		}
		catch (PrematureJwtException ex) {
			throw new InvalidCredentialsException("the token is not valid yet");
		}
		catch (IncorrectClaimException | MissingClaimException ex) {
			throw new InvalidCredentialsException(
					"the token was not issued for this gateway (" + ex.getClaimName() + ")");
		}
		catch (SignatureException ex) {
			throw new InvalidCredentialsException("the token's signature does not verify");
		}
		catch (JwtException | IllegalArgumentException | ClassCastException ex) {
			// The library's message may quote parts of the token: it is logged at debug,
			// never sent back.
			logger.debug("Token refused: {}", ex.toString());
			throw new InvalidCredentialsException("the token is malformed or uses a key or algorithm not accepted");
		}
	}

	private String keyIdOf(String token) {
		int dot = token.indexOf('.');
		if (dot <= 0) {
			throw new IllegalArgumentException("no header");
		}
		JsonNode header = json.readTree(Base64.getUrlDecoder().decode(token.substring(0, dot)));
		return header.path("kid").asString("");
	}

	static String sha256(String value) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/**
	 * A remembered token expires from memory exactly at its own {@code exp} (whatever it
	 * is remembered by).
	 */
	record UntilTokenExpires<K>(Clock clock) implements Expiry<K, VerifiedToken> {

		@Override
		public long expireAfterCreate(K key, VerifiedToken value, long currentTime) {
			return Math.max(0, Duration.between(clock.instant(), value.expiresAt()).toNanos());
		}

		@Override
		public long expireAfterUpdate(K key, VerifiedToken value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(K key, VerifiedToken value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
