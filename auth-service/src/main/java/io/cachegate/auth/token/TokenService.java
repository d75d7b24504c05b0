package io.cachegate.auth.token;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.cachegate.auth.account.AccountAuthenticator;

/**
 * A login: refuse if the username or address is over its failure limit, check the password, count a failure
 * or issue a token.
 */
class TokenService {

	private static final Logger logger = LoggerFactory.getLogger(TokenService.class);

	private final AccountAuthenticator authenticator;

	private final LoginRateLimiter limiter;

	private final TokenIssuer issuer;

	TokenService(AccountAuthenticator authenticator, LoginRateLimiter limiter, TokenIssuer issuer) {
		this.authenticator = authenticator;
		this.limiter = limiter;
		this.issuer = issuer;
	}

	Mono<TokenResponse> login(Credentials credentials, String clientAddress) {
		String username = credentials.username();
		return this.limiter.blockedFor(username, clientAddress).flatMap((blocked) -> {
			if (blocked.isPresent()) {
				return Mono.error(new TooManyLoginAttemptsException(blocked.get()));
			}
			return this.authenticator.authenticate(username, credentials.password())
				.flatMap((account) -> this.limiter.reset(username).thenReturn(this.issuer.issue(account)))
				.switchIfEmpty(Mono.defer(() -> this.limiter.recordFailure(username, clientAddress)
					.doOnNext((now) -> now.ifPresent((wait) -> logger.info(
							"Login failures for '{}' from {} reached the limit; refusing for {}", username,
							clientAddress, wait)))
					.then(Mono.error(new InvalidCredentialsException()))));
		});
	}

}
