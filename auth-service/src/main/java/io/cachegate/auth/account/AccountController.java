package io.cachegate.auth.account;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.cachegate.support.problem.ProblemSchema;

/**
 * Account management. Who may call what is decided by the security configuration
 * (creating needs ADMIN), from this service's own tokens.
 */
@RestController
@SecurityRequirement(name = "bearerAuth")
@ApiResponse(responseCode = "401", description = "No token, or a token this service did not issue or that expired",
		content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				schema = @Schema(implementation = ProblemSchema.class)))
class AccountController {

	private final AccountService service;

	AccountController(AccountService service) {
		this.service = service;
	}

	@Operation(summary = "Create an account (ADMIN)")
	@ApiResponse(responseCode = "201", description = "Created; Location names the new account",
			headers = @Header(name = HttpHeaders.LOCATION, description = "/auth/accounts/{id}"))
	@ApiResponse(responseCode = "400", description = "Invalid fields (each named in errors) or a malformed body",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "403", description = "The caller is not ADMIN",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "409", description = "The username is taken (ignoring case)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@PostMapping(path = "/auth/accounts", consumes = "application/json", produces = "application/json")
	Mono<ResponseEntity<AccountResponse>> create(@RequestBody CreateAccountRequest request) {
		return this.service.create(request)
			.map((account) -> ResponseEntity.created(URI.create("/auth/accounts/" + account.id()))
				.body(AccountResponse.of(account)));
	}

	/** The target of a created account's {@code Location}; ADMIN only, like creating. */
	@Operation(summary = "Read an account (ADMIN)")
	@ApiResponse(responseCode = "200", description = "The account")
	@ApiResponse(responseCode = "403", description = "The caller is not ADMIN",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "404", description = "No account has this id",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@GetMapping(path = "/auth/accounts/{id:\\d+}", produces = "application/json")
	Mono<AccountResponse> get(@Parameter(description = "Account id (digits)") @PathVariable String id) {
		return this.service.findBySubject(id).map(AccountResponse::of);
	}

	@Operation(summary = "Read the caller's own account (any role)")
	@ApiResponse(responseCode = "200", description = "The caller's account")
	@ApiResponse(responseCode = "404", description = "The token's account no longer exists",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@GetMapping(path = "/auth/accounts/me", produces = "application/json")
	Mono<AccountResponse> me(@AuthenticationPrincipal Jwt jwt) {
		return this.service.findBySubject(jwt.getSubject()).map(AccountResponse::of);
	}

}
