package io.cachegate.cache.observability;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The access line's latency: milliseconds with one decimal, rounded half up. */
class AccessLogTests {

	@ParameterizedTest
	@CsvSource({ "0, 0.0", "49999, 0.0", "50000, 0.1", "149999, 0.1", "150000, 0.2", "1000000, 1.0", "12345678, 12.3",
			"12350000, 12.4", "999950000, 1000.0", "-5, 0.0" })
	void latencyIsMillisecondsWithOneDecimal(long nanos, String expected) {
		StringBuilder text = new StringBuilder();
		AccessLog.appendMillis(text, nanos);
		assertThat(text).hasToString(expected);
	}

}
