package io.cachegate.cache.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpHeaders;

/**
 * How old an answer already is when it arrives (RFC 9111 section 4.2.3): the larger of
 * the {@code Age} it carries and its apparent age (the time since its {@code Date}, less
 * the field's one-second resolution). The response delay is left out: the gateway sits
 * next to its origins.
 */
final class ResponseAge {

	private static final Duration MAX_DELTA = Duration.ofSeconds(1L << 31);

	/** The resolution of {@code Date}: a response may look this much older than it is. */
	private static final Duration DATE_RESOLUTION = Duration.ofSeconds(1);

	private ResponseAge() {
	}

	/**
	 * The answer's initial age. {@code Age} is a singleton of delta-seconds (RFC 9111
	 * section 5.1): anything else (a sign, a fraction, a parameter, a list, two field
	 * lines, even of equal values) leaves the answer's age unknown, and an answer of
	 * unknown age is taken as stale (as an invalid {@code Expires} means already
	 * expired), so it is only ever served after a revalidation.
	 */
	static Duration initial(HttpHeaders headers, Instant now) {
		Duration age = Duration.ZERO;
		List<String> lines = headers.get(HttpHeaders.AGE);
		if (lines != null && !lines.isEmpty()) {
			age = ageValue(lines);
		}
		long date = HttpDates.parse(headers.getFirst(HttpHeaders.DATE)).orElse(-1);
		if (date >= 0) {
			Duration apparent = Duration.ofMillis(now.toEpochMilli() - date).minus(DATE_RESOLUTION);
			if (apparent.compareTo(age) > 0) {
				age = apparent;
			}
		}
		return age;
	}

	private static Duration ageValue(List<String> lines) {
		String value = lines.size() == 1 ? lines.get(0).strip() : "";
		if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
			return MAX_DELTA;
		}
		// RFC 9111 section 1.2.2: a delta too large to represent counts as 2^31 seconds.
		return value.length() > 10 ? MAX_DELTA
				: Duration.ofSeconds(Math.min(Long.parseLong(value), MAX_DELTA.toSeconds()));
	}

}
