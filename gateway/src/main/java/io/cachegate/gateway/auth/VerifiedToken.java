package io.cachegate.gateway.auth;

import java.time.Instant;
import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/**
 * A bearer token whose signature and claims the gateway checked, with what later steps
 * need: the cache keys by {@link #role()}, the origin receives {@link #token()}.
 *
 * @param token the compact JWT, forwarded as {@code Authorization: Bearer}
 * @param subject the account id ({@code sub})
 * @param username the {@code preferred_username} claim
 * @param role the {@code role} claim (USER, MANAGER, ADMIN)
 * @param expiresAt the {@code exp} claim
 */
public record VerifiedToken(String token, String subject, String username, String role, Instant expiresAt) {

	/**
	 * The exchange attribute under which the authentication filter leaves the caller's
	 * verified token.
	 */
	public static final String ATTRIBUTE = VerifiedToken.class.getName();

	/** The caller of this exchange, empty on public paths. */
	public static Optional<VerifiedToken> of(ServerWebExchange exchange) {
		return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
	}

	@Override
	public String toString() {
		// Never log the token itself.
		return "VerifiedToken[subject=" + subject + ", username=" + username + ", role=" + role + ", expiresAt="
				+ expiresAt + "]";
	}

}
