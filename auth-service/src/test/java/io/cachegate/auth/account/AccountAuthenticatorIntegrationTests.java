package io.cachegate.auth.account;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import io.cachegate.auth.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timing rule behind "same answer for unknown user and wrong password": every path
 * costs exactly one password check. Counted on a real repository, with an encoder that
 * counts its checks.
 */
class AccountAuthenticatorIntegrationTests extends IntegrationTestSupport {

	@Autowired
	private AccountRepository accounts;

	private final AtomicInteger checks = new AtomicInteger();

	private AccountAuthenticator authenticator;

	private String username;

	@BeforeEach
	void account() {
		PasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
		PasswordEncoder counting = new PasswordEncoder() {
			@Override
			public String encode(CharSequence rawPassword) {
				return bcrypt.encode(rawPassword);
			}

			@Override
			public boolean matches(CharSequence rawPassword, String encodedPassword) {
				AccountAuthenticatorIntegrationTests.this.checks.incrementAndGet();
				return bcrypt.matches(rawPassword, encodedPassword);
			}
		};
		this.authenticator = new AccountAuthenticator(this.accounts,
				new PasswordHasher(counting, Schedulers.immediate()));
		this.username = uniqueName("timed");
		createAccount(this.username, "timed-password-123", "USER");
	}

	@Test
	void rightPasswordCostsOneCheck() {
		assertThat(this.authenticator.authenticate(this.username, "timed-password-123").block()).isNotNull();
		assertThat(this.checks).hasValue(1);
	}

	@Test
	void wrongPasswordCostsOneCheck() {
		assertThat(this.authenticator.authenticate(this.username, "wrong-password").block()).isNull();
		assertThat(this.checks).hasValue(1);
	}

	@Test
	void unknownUserCostsOneCheck() {
		assertThat(this.authenticator.authenticate(uniqueName("ghost"), "whatever").block()).isNull();
		assertThat(this.checks).hasValue(1);
	}

	@Test
	void disabledAccountCostsOneCheckAndIsRefused() {
		this.database.sql("update auth.accounts set disabled = true where username = :u")
			.bind("u", this.username)
			.fetch()
			.rowsUpdated()
			.block();
		assertThat(this.authenticator.authenticate(this.username, "timed-password-123").block()).isNull();
		assertThat(this.checks).hasValue(1);
	}

	@Test
	void passwordsBeyondBcryptsLimitNeverMatchButCostOneCheck() {
		assertThat(this.authenticator.authenticate(this.username, "timed-password-123" + "x".repeat(80)).block())
			.isNull();
		assertThat(this.checks).hasValue(1);
		assertThat(this.authenticator.authenticate(uniqueName("ghost"), "x".repeat(100)).block()).isNull();
		assertThat(this.checks).hasValue(2);
	}

}
