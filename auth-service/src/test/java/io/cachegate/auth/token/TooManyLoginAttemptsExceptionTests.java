package io.cachegate.auth.token;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class TooManyLoginAttemptsExceptionTests {

	@Test
	void roundsRetryAfterUpToWholeSecondsAndNeverBelowOne() {
		assertThat(TooManyLoginAttemptsException.seconds(Duration.ofMillis(1))).isEqualTo(1);
		assertThat(TooManyLoginAttemptsException.seconds(Duration.ZERO)).isEqualTo(1);
		assertThat(TooManyLoginAttemptsException.seconds(Duration.ofMillis(1001))).isEqualTo(2);
		assertThat(TooManyLoginAttemptsException.seconds(Duration.ofMinutes(5))).isEqualTo(300);
	}

	@Test
	void carriesRetryAfterAsHeaderAndProblemMember() {
		TooManyLoginAttemptsException ex = new TooManyLoginAttemptsException(Duration.ofSeconds(42));
		assertThat(ex.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("42");
		assertThat(ex.toProblemDetail().getProperties()).containsEntry("retryAfter", 42L);
		assertThat(ex.toProblemDetail().getStatus()).isEqualTo(429);
	}

}
