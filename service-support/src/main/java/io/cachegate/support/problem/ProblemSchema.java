package io.cachegate.support.problem;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Documentation only: the shape of every error body (RFC 9457 problem+json), the same in
 * all Cachegate services ({@code docs/problem.yaml}). Operations name it in their
 * {@code @ApiResponse}s; the error handler writes {@code ProblemDetail}s of this shape.
 *
 * @param type stable problem type URI
 * @param title short summary of the type
 * @param status the HTTP status
 * @param detail what was wrong in this case and what to do
 * @param instance the request path
 * @param errors one entry per invalid field, on 400 invalid-request
 * @param field the member whose value is taken, on 409 duplicate
 * @param id the user id, on 404 not-found and 412
 * @param currentVersion the current version, on 412 precondition-failed
 * @param retryAfter seconds to wait, on auth-service's 429 too-many-login-attempts
 * @param requestId the gateway's request id, on problems the gateway answers itself
 */
@Schema(name = "Problem", description = "RFC 9457 problem details; see docs/problem.yaml")
public record ProblemSchema(
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uri",
				example = "https://cachegate.io/problems/invalid-request") String type,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Invalid request") String title,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "400") int status, String detail,
		@Schema(format = "uri-reference") String instance, List<FieldError> errors, String field, Long id,
		Long currentVersion, Long retryAfter, @Schema(description = "Set by the gateway only") String requestId) {

	/**
	 * One invalid field.
	 *
	 * @param field the JSON member or parameter name
	 * @param message what is wrong with it
	 */
	@Schema(name = "FieldError")
	public record FieldError(String field, String message) {

	}

}
