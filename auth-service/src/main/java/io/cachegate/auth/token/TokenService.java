package io.cachegate.auth.token;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import io.cachegate.auth.account.AccountAuthenticator;

/**
 * A login: count the attempt (refused when the username or address is over its limit),
 * check the password, then issue a token and take the attempt back, or answer 401 with
 * the attempt left counted.
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
		// One counter per outcome, so a dashboard can show a guessing wave (failed, then
		// refused) at a glance.
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
		return this.limiter.attempt(username, clientAddress).flatMap((blocked) -> {
			if (blocked.isPresent()) {
				this.refused.increment();
				logger.debug("Login for '{}' from {} refused by the limiter for {}", username, clientAddress,
						blocked.get());
				return Mono.error(new TooManyLoginAttemptsException(blocked.get()));
			}
			return this.authenticator.authenticate(username, credentials.password())
				.flatMap((account) -> this.limiter.succeeded(username, clientAddress)
					.then(Mono.fromCallable(() -> this.issuer.issue(account)))
					.doOnNext((token) -> this.succeeded.increment()))
				.switchIfEmpty(Mono.defer(() -> {
					this.failed.increment();
					return Mono.error(new InvalidCredentialsException());
				}));
		});
	}

}
