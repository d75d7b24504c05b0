package io.cachegate.auth.account;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /auth/accounts}. The password's length rule and the role's values
 * are checked by {@link AccountService} (the minimum length is configurable, which an
 * annotation cannot read).
 *
 * @param username 3 to 64 letters, digits, dots, underscores or hyphens
 * @param email a valid address, at most 254 characters
 * @param password at least the configured minimum of characters, at most 72 bytes
 * @param role USER, MANAGER or ADMIN
 */
record CreateAccountRequest(
		@NotBlank(message = "is required") @Pattern(regexp = "[A-Za-z0-9._-]{3,64}",
				message = "must be 3 to 64 letters, digits, '.', '_' or '-'") String username,
		@NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 254,
				message = "must be at most 254 characters") String email,
		@NotNull(message = "is required") String password, @NotNull(message = "is required") String role) {

}
