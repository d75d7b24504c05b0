package io.cachegate.auth.account;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.cachegate.auth.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapIntegrationTests extends IntegrationTestSupport {

	private static final Pattern GENERATED = Pattern.compile("Generated admin password for '([^']+)': (\\S+)");

	@Autowired
	private AdminBootstrap bootstrap;

	@Autowired
	private AccountProperties properties;

	@Test
	void createdTheConfiguredAdminAtStart() {
		assertThat(adminCount()).isEqualTo(1);
		String role = this.database.sql("select role from auth.accounts where lower(username) = 'admin'")
			.map((row) -> row.get("role", String.class))
			.one()
			.block();
		assertThat(role).isEqualTo("ADMIN");
		assertThat(adminToken()).isNotBlank();
	}

	@Test
	void createsNoSecondAdminWhenOneExists(CapturedOutput output) {
		Account created = this.bootstrap
			.ensureAdmin(new AccountProperties(uniqueName("second"), "second@example.com", "", 12, 4));
		assertThat(created).isNull();
		assertThat(adminCount()).isEqualTo(1);
		assertThat(output).doesNotContain("Generated admin password");
	}

	@Test
	void generatesAndLogsAPasswordOnceWhenNoneIsConfigured(CapturedOutput output) {
		String username = uniqueName("bootstrapped");
		// Pretend there is no admin, for this test only: demote the real one, and restore
		// it after.
		setRole(ADMIN_USERNAME, "MANAGER");
		try {
			Account created = this.bootstrap
				.ensureAdmin(new AccountProperties(username, username + "@example.com", "", 12, 4));
			assertThat(created).isNotNull();
			assertThat(created.role()).isEqualTo(Role.ADMIN);
			Matcher matcher = GENERATED.matcher(output.getAll());
			assertThat(matcher.find()).as("the generated-password log line").isTrue();
			assertThat(matcher.group(1)).isEqualTo(username);
			String password = matcher.group(2);
			assertThat(matcher.find()).as("printed once").isFalse();
			assertThat(password).hasSizeGreaterThanOrEqualTo(20);
			assertThat(token(username, password)).isNotBlank();
		}
		finally {
			this.database.sql("delete from auth.accounts where username = :u")
				.bind("u", username)
				.fetch()
				.rowsUpdated()
				.block();
			setRole(ADMIN_USERNAME, "ADMIN");
		}
	}

	@Test
	void refusesAConfiguredPasswordShorterThanTheRuleForEveryAccount() {
		String username = uniqueName("weak");
		setRole(ADMIN_USERNAME, "MANAGER");
		try {
			assertThatThrownBy(() -> this.bootstrap
				.ensureAdmin(new AccountProperties(username, username + "@example.com", "short-pw", 12, 4)))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("at least 12 characters");
			assertThat(this.database.sql("select count(*) as n from auth.accounts where username = :u")
				.bind("u", username)
				.map((row) -> row.get("n", Long.class))
				.one()
				.block()).isZero();
		}
		finally {
			setRole(ADMIN_USERNAME, "ADMIN");
		}
	}

	@Test
	void usesTheConfiguredSettingsByDefault() {
		assertThat(this.properties.adminUsername()).isEqualTo(ADMIN_USERNAME);
		assertThat(this.properties.adminPassword()).isEqualTo(ADMIN_PASSWORD);
	}

	private long adminCount() {
		return this.database.sql("select count(*) as admins from auth.accounts where role = 'ADMIN'")
			.map((row) -> row.get("admins", Long.class))
			.one()
			.block();
	}

	private void setRole(String username, String role) {
		this.database.sql("update auth.accounts set role = :role where lower(username) = lower(:u)")
			.bind("role", role)
			.bind("u", username)
			.fetch()
			.rowsUpdated()
			.block();
	}

}
