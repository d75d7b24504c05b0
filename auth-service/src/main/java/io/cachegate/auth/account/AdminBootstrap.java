package io.cachegate.auth.account;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes sure an ADMIN exists, so a fresh installation can be administered. Runs once at
 * start, before the application reports ready (blocking is fine here, there is no request
 * yet to hold up). When an ADMIN exists it does nothing, whatever the configured password
 * says: changing it is not this class's job.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(AdminBootstrap.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final AccountRepository accounts;

	private final PasswordHasher hasher;

	private final AccountProperties properties;

	private final SecureRandom random = new SecureRandom();

	AdminBootstrap(AccountRepository accounts, PasswordHasher hasher, AccountProperties properties) {
		this.accounts = accounts;
		this.hasher = hasher;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		ensureAdmin(this.properties);
	}

	/**
	 * @param settings whom to create
	 * @return the admin created, or {@code null} when none was needed or the username was
	 * taken
	 */
	Account ensureAdmin(AccountProperties settings) {
		if (Boolean.TRUE.equals(this.accounts.adminExists().block(TIMEOUT))) {
			logger.debug("An ADMIN account exists; none created");
			return null;
		}
		String username = settings.adminUsername();
		boolean generated = settings.adminPassword().isEmpty();
		String password = generated ? generatePassword() : settings.adminPassword();
		if (!generated) {
			checkConfiguredPassword(password, settings.passwordMinLength());
		}
		Account created = this.accounts
			.insertAdminIfNoneExists(username, settings.adminEmail(), this.hasher.hashNow(password))
			.block(TIMEOUT);
		if (created == null) {
			if (!Boolean.TRUE.equals(this.accounts.adminExists().block(TIMEOUT))) {
				logger.error("No ADMIN account exists and none could be created: the username '{}' belongs to a "
						+ "non-admin account. Set CACHEGATE_ADMIN_USERNAME to a free name.", username);
			}
			return null;
		}
		if (generated) {
			// Printed once, on purpose: this is the only way to learn it. Set
			// CACHEGATE_ADMIN_PASSWORD to avoid it.
			logger.warn("Generated admin password for '{}': {}", username, password);
		}
		else {
			logger.info("Created the ADMIN account '{}' from CACHEGATE_ADMIN_USERNAME/CACHEGATE_ADMIN_PASSWORD",
					username);
		}
		return created;
	}

	private String generatePassword() {
		byte[] bytes = new byte[18];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The bootstrap admin is held to the rules of every other account: a short configured
	 * password stops the start rather than create the one account with every right under
	 * a weak password.
	 */
	static void checkConfiguredPassword(String password, int minLength) {
		if (password.codePointCount(0, password.length()) < minLength) {
			throw new IllegalStateException("CACHEGATE_ADMIN_PASSWORD must be at least " + minLength
					+ " characters (CACHEGATE_PASSWORD_MIN_LENGTH); set a longer one, or none to have one generated");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_BYTES) {
			throw new IllegalStateException("CACHEGATE_ADMIN_PASSWORD must be at most " + PasswordHasher.MAX_BYTES
					+ " bytes (BCrypt reads no more)");
		}
	}

}
