package io.cachegate.auth.account;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Account management. Who may call what is decided by the security configuration (creating needs ADMIN),
 * from this service's own tokens.
 */
@RestController
class AccountController {

	private final AccountService service;

	AccountController(AccountService service) {
		this.service = service;
	}

	@PostMapping(path = "/auth/accounts", consumes = "application/json", produces = "application/json")
	Mono<ResponseEntity<AccountResponse>> create(@RequestBody CreateAccountRequest request) {
		return this.service.create(request)
			.map((account) -> ResponseEntity.created(URI.create("/auth/accounts/" + account.id()))
				.body(AccountResponse.of(account)));
	}

	/** The target of a created account's {@code Location}; ADMIN only, like creating. */
	@GetMapping(path = "/auth/accounts/{id:\\d+}", produces = "application/json")
	Mono<AccountResponse> get(@PathVariable String id) {
		return this.service.findBySubject(id).map(AccountResponse::of);
	}

	@GetMapping(path = "/auth/accounts/me", produces = "application/json")
	Mono<AccountResponse> me(@AuthenticationPrincipal Jwt jwt) {
		return this.service.findBySubject(jwt.getSubject()).map(AccountResponse::of);
	}

}
