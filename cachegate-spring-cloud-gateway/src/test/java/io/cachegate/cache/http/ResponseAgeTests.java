package io.cachegate.cache.http;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseAgeTests {

	private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	@Test
	void aFreshAnswerHasNoAge() {
		assertThat(ResponseAge.initial(new HttpHeaders(), NOW)).isZero();
	}

	@Test
	void takesTheLargerOfAgeAndTheApparentAge() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.DATE, "Thu, 01 Jan 2026 11:59:30 GMT");
		headers.set(HttpHeaders.AGE, "10");
		assertThat(ResponseAge.initial(headers, NOW)).isEqualTo(Duration.ofSeconds(29));
		headers.set(HttpHeaders.AGE, "40");
		assertThat(ResponseAge.initial(headers, NOW)).isEqualTo(Duration.ofSeconds(40));
	}

	@Test
	void anInvalidAgeMakesTheAnswerAsOldAsCanBe() {
		HttpHeaders headers = new HttpHeaders();
		headers.add(HttpHeaders.AGE, "5");
		headers.add(HttpHeaders.AGE, "5");
		assertThat(ResponseAge.initial(headers, NOW)).isEqualTo(Duration.ofSeconds(1L << 31));
		headers.set(HttpHeaders.AGE, "-1");
		assertThat(ResponseAge.initial(headers, NOW)).isEqualTo(Duration.ofSeconds(1L << 31));
	}

}
