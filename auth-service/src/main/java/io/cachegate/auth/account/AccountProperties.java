package io.cachegate.auth.account;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Accounts and passwords.
 *
 * @param adminUsername the ADMIN created at start when none exists
 * ({@code CACHEGATE_ADMIN_USERNAME})
 * @param adminEmail that admin's email ({@code CACHEGATE_ADMIN_EMAIL})
 * @param adminPassword that admin's password; empty means generate one and log it once
 * ({@code CACHEGATE_ADMIN_PASSWORD})
 * @param passwordMinLength the fewest characters a new account's password may have
 * ({@code CACHEGATE_PASSWORD_MIN_LENGTH})
 * @param bcryptStrength BCrypt's log2 cost for new hashes; 10 takes about 70 ms here,
 * tests use 4 ({@code CACHEGATE_BCRYPT_STRENGTH})
 */
@Validated
@ConfigurationProperties("cachegate.accounts")
public record AccountProperties(@DefaultValue("admin") @NotBlank String adminUsername,
		@DefaultValue("admin@localhost") @NotBlank String adminEmail, String adminPassword,
		@DefaultValue("12") @Min(8) @Max(72) int passwordMinLength,
		@DefaultValue("10") @Min(4) @Max(31) int bcryptStrength) {

	public AccountProperties {
		adminPassword = (adminPassword != null) ? adminPassword : "";
	}

}
