package io.cachegate.auth.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

	private final Counter succeeded;

	private final Counter failed;

	private final Counter refused;

	TokenService(AccountAuthenticator authenticator, LoginRateLimiter limiter, TokenIssuer issuer,
			MeterRegistry meters) {
		this.authenticator = authenticator;
		this.limiter = limiter;
		this.issuer = issuer;
		// One counter per outcome, so a dashboard can show a guessing wave (failed, then refused) at a glance.
		this.succeeded = loginCounter(meters, "success");
		this.failed = loginCounter(meters, "failure");
		this.refused = loginCounter(meters, "refused");
	}

	private static Counter loginCounter(MeterRegistry meters, String outcome) {
		return Counter.builder("cachegate.auth.logins")
			.description("Login attempts at POST /auth/token by outcome")
			.tag("outcome", outcome)
			.register(meters);
	}

	Mono<TokenResponse> login(Credentials credentials, String clientAddress) {
		String username = credentials.username();
		return this.limiter.blockedFor(username, clientAddress).flatMap((blocked) -> {
			if (blocked.isPresent()) {
				this.refused.increment();
				return Mono.error(new TooManyLoginAttemptsException(blocked.get()));
			}
			return this.authenticator.authenticate(username, credentials.password())
				.flatMap((account) -> this.limiter.reset(username)
					.then(Mono.fromCallable(() -> this.issuer.issue(account)))
					.doOnNext((token) -> this.succeeded.increment()))
				.switchIfEmpty(Mono.defer(() -> this.limiter.recordFailure(username, clientAddress)
					.doOnNext((now) -> this.failed.increment())
					.doOnNext((now) -> now.ifPresent((wait) -> logger.info(
							"Login failures for '{}' from {} reached the limit; refusing for {}", username,
							clientAddress, wait)))
					.then(Mono.error(new InvalidCredentialsException()))));
		});
	}

}
