package io.cachegate.auth.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CredentialsTests {

	@Test
	void readsBasicCredentialsAsUtf8AndKeepsColonsInThePassword() {
		String encoded = Base64.getEncoder().encodeToString("jos\u00e9:pa:ss".getBytes(StandardCharsets.UTF_8));
		assertThat(Credentials.fromBasic("Basic " + encoded)).isEqualTo(new Credentials("jos\u00e9", "pa:ss"));
	}

	@Test
	void refusesBasicValuesThatAreNotBase64OfUserColonPassword() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> Credentials.fromBasic("Basic %%%"))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(FieldViolation::field)
				.containsExactly("Authorization"));
		String noColon = Base64.getEncoder().encodeToString("justuser".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> Credentials.fromBasic("Basic " + noColon));
	}

	@Test
	void namesEachMissingJsonField() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> Credentials.fromJson(new TokenRequest(" ", null)))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(FieldViolation::field)
				.containsExactly("username", "password"));
	}

	@Test
	void refusesOverlongUsernamesBeforeTheyReachRedisKeys() {
		assertThatExceptionOfType(InvalidRequestException.class)
			.isThrownBy(() -> Credentials.fromJson(new TokenRequest("u".repeat(65), "password")))
			.satisfies((ex) -> assertThat(ex.violations().get(0).message()).contains("64"));
	}

	@Test
	void neverPrintsThePassword() {
		assertThat(new Credentials("alice", "secret-value").toString()).doesNotContain("secret-value");
	}

}
