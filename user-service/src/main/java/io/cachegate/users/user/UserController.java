package io.cachegate.users.user;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;
import io.cachegate.support.problem.ProblemSchema;

/**
 * The {@code /users} API. Who may call what is decided in the security configuration;
 * here each response gets the cache headers of the gateway contract (see
 * {@link CacheHeaders}).
 */
@RestController
@ApiResponse(responseCode = "401",
		description = "No token, or one that does not verify (expired, signature, issuer, audience)",
		content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				schema = @Schema(implementation = ProblemSchema.class)))
@ApiResponse(responseCode = "403", description = "The caller's role may not do this",
		content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				schema = @Schema(implementation = ProblemSchema.class)))
@RequestMapping(path = "/users", produces = MediaType.APPLICATION_JSON_VALUE)
class UserController {

	private final UserService users;

	private final CacheHeaders cacheHeaders;

	UserController(UserService users, CacheHeaders cacheHeaders) {
		this.users = users;
		this.cacheHeaders = cacheHeaders;
	}

	@Operation(summary = "Read one user (any role)")
	@ApiResponse(responseCode = "200", description = "The user; ETag carries its version")
	@ApiResponse(responseCode = "304", description = "If-None-Match names the current version", content = @Content)
	@ApiResponse(responseCode = "400", description = "The id is not a positive whole number",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "404", description = "No user has this id",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@GetMapping("/{id}")
	Mono<ResponseEntity<User>> get(@PathVariable("id") String id,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		EntityTags known = EntityTags.ifNoneMatch(ifNoneMatch);
		return this.users.find(parseId(id)).map((user) -> {
			HttpHeaders headers = new HttpHeaders();
			this.cacheHeaders.forUser(headers, user);
			if (known != null && known.matches(user.version())) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
			}
			return ResponseEntity.ok().headers(headers).body(user);
		});
	}

	@Operation(summary = "Search users by a prefix of username, email or last name (any role)")
	@ApiResponse(responseCode = "200", description = "One page, ordered by id")
	@ApiResponse(responseCode = "400", description = "q, page or size out of range; errors names each",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@GetMapping
	Mono<ResponseEntity<UserPage>> search(@RequestParam(name = "q", required = false) String q,
			@RequestParam(name = "page", required = false) String page,
			@RequestParam(name = "size", required = false) String size) {
		return Mono.fromCallable(() -> SearchQuery.of(q, page, size)).flatMap(this.users::search).map((result) -> {
			HttpHeaders headers = new HttpHeaders();
			this.cacheHeaders.forList(headers);
			return ResponseEntity.ok().headers(headers).body(result);
		});
	}

	@Operation(summary = "Create a user (MANAGER, ADMIN)")
	@ApiResponse(responseCode = "201", description = "Created; the body is the new representation")
	@ApiResponse(responseCode = "400", description = "Invalid fields (errors names each) or a malformed body",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "409", description = "Username or email taken (ignoring case)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "413", description = "Body over the size limit",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<User>> create(@RequestBody UserInput input) {
		return this.users.create(input).map((user) -> {
			HttpHeaders headers = new HttpHeaders();
			this.cacheHeaders.forWrite(headers, user);
			return ResponseEntity.created(URI.create(CacheHeaders.location(user.id()))).headers(headers).body(user);
		});
	}

	@Operation(summary = "Replace a user (MANAGER, ADMIN)")
	@ApiResponse(responseCode = "200", description = "Replaced; the body is the new representation")
	@ApiResponse(responseCode = "400", description = "Invalid id or fields (errors names each) or a malformed body",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "404", description = "No user has this id",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "409", description = "Username or email taken (ignoring case)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "412", description = "If-Match does not name the current version",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "413", description = "Body over the size limit",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<User>> replace(@PathVariable("id") String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestBody UserInput input) {
		return Mono.fromCallable(() -> parseId(id))
			.flatMap((userId) -> this.users.replace(userId, EntityTags.ifMatch(ifMatch), input))
			.map((user) -> {
				HttpHeaders headers = new HttpHeaders();
				this.cacheHeaders.forWrite(headers, user);
				return ResponseEntity.ok().headers(headers).body(user);
			});
	}

	@Operation(summary = "Delete a user (ADMIN)")
	@ApiResponse(responseCode = "204", description = "Deleted")
	@ApiResponse(responseCode = "400", description = "The id is not a positive whole number",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "404", description = "No user has this id",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@ApiResponse(responseCode = "412", description = "If-Match does not name the current version",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(implementation = ProblemSchema.class)))
	@DeleteMapping("/{id}")
	Mono<ResponseEntity<Void>> delete(@PathVariable("id") String id,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
		return Mono.fromCallable(() -> parseId(id))
			.flatMap((userId) -> this.users.delete(userId, EntityTags.ifMatch(ifMatch)).then(Mono.fromCallable(() -> {
				HttpHeaders headers = new HttpHeaders();
				this.cacheHeaders.forDelete(headers, userId);
				return ResponseEntity.noContent().headers(headers).build();
			})));
	}

	private static long parseId(String id) {
		try {
			long value = Long.parseLong(id);
			if (value > 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new InvalidRequestException(List.of(new FieldViolation("id", "must be a positive whole number")));
	}

}
