package io.cachegate.gateway.observability;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessLogEncoderTests {

	private final AccessLogEncoder encoder = new AccessLogEncoder();

	@Test
	void writesTheUtcTimeTheLoggerNameAndTheLine() {
		String written = encode("requestId=r1 method=GET path=/users/1", "2026-12-07T17:49:31.204Z");

		assertThat(written)
			.isEqualTo("2026-12-07T17:49:31.204Z cachegate.access requestId=r1 method=GET path=/users/1\n");
	}

	@Test
	void followsTheClockAcrossSecondsAndPadsTheMilliseconds() {
		assertThat(encode("a", "2026-12-07T17:49:31.999Z")).startsWith("2026-12-07T17:49:31.999Z ");
		assertThat(encode("b", "2026-12-07T17:49:32.007Z")).startsWith("2026-12-07T17:49:32.007Z ");
		assertThat(encode("c", "2026-12-07T17:49:32.070Z")).startsWith("2026-12-07T17:49:32.070Z ");
		assertThat(encode("d", "1969-12-31T23:59:59.500Z")).startsWith("1969-12-31T23:59:59.500Z ");
	}

	@Test
	void writesTextBeyondAsciiAsUtf8() {
		String written = encode("path=/caf\u00e9 \uD83D\uDE00", "2026-12-07T17:49:31.204Z");

		assertThat(written).isEqualTo("2026-12-07T17:49:31.204Z cachegate.access path=/caf\u00e9 \uD83D\uDE00\n");
	}

	private String encode(String line, String time) {
		LoggerContext context = new LoggerContext();
		LoggingEvent event = new LoggingEvent("test", context.getLogger("cachegate.access"), Level.INFO, line, null,
				null);
		event.setTimeStamp(Instant.parse(time).toEpochMilli());
		return new String(encoder.encode(event), StandardCharsets.UTF_8);
	}

}
