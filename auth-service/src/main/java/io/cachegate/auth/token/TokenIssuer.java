package io.cachegate.auth.token;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import io.jsonwebtoken.Jwts;

import io.cachegate.auth.account.Account;
import io.cachegate.auth.keys.SigningKey;
import io.cachegate.auth.keys.SigningKeys;

/**
 * Signs access tokens (RS256, with the newest key, its thumbprint as {@code kid}). Pure
 * CPU, about a millisecond: fine on the event loop.
 */
class TokenIssuer {

	private final SigningKeys keys;

	private final TokenProperties properties;

	private final Clock clock;

	TokenIssuer(SigningKeys keys, TokenProperties properties, Clock clock) {
		this.keys = keys;
		this.properties = properties;
		this.clock = clock;
	}

	TokenResponse issue(Account account) {
		SigningKey key = this.keys.current();
		// JWT times are whole seconds; truncating keeps exp - iat exactly the TTL.
		Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
		Instant expiry = now.plus(this.properties.ttl());
		String token = Jwts.builder()
			.header()
			.keyId(key.kid())
			.and()
			.issuer(this.properties.issuer())
			.audience()
			.single(this.properties.audience())
			.subject(account.subject())
			.claim("preferred_username", account.username())
			.claim("role", account.role().name())
			.issuedAt(Date.from(now))
			.expiration(Date.from(expiry))
			.id(UUID.randomUUID().toString())
			.signWith(key.privateKey(), Jwts.SIG.RS256)
			.compact();
		return new TokenResponse(token, "Bearer", this.properties.ttl().toSeconds());
	}

}
