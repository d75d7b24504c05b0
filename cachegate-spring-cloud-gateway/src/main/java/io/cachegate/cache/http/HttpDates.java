package io.cachegate.cache.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * HTTP dates as RFC 9110 section 5.6.7 makes a recipient accept them: IMF-fixdate
 * ({@code Sun, 06 Nov 1994 08:49:37 GMT}), the obsolete RFC 850 form
 * ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime
 * ({@code Sun Nov  6 08:49:37 1994}). A two-digit year more than 50 years ahead is read
 * as the most recent past year with those digits.
 */
final class HttpDates {

	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'",
			Locale.US);

	private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder().appendPattern("EEEE, dd-MMM-")
		.appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
		.appendPattern(" HH:mm:ss 'GMT'")
		.toFormatter(Locale.US);

	private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
			Locale.US);

	private HttpDates() {
	}

	/**
	 * The instant a field value names, in milliseconds since the epoch; empty when it is
	 * no HTTP date.
	 */
	static OptionalLong parse(String value) {
		if (value == null) {
			return OptionalLong.empty();
		}
		String text = value.strip();
		for (DateTimeFormatter format : new DateTimeFormatter[] { IMF_FIXDATE, RFC_850, ASCTIME }) {
			try {
				LocalDateTime local = LocalDateTime.parse(text, format.withResolverStyle(ResolverStyle.SMART));
				Instant instant = local.toInstant(ZoneOffset.UTC);
				if (format == RFC_850) {
					instant = notFarAhead(local);
				}
				return OptionalLong.of(instant.toEpochMilli());
			}
			catch (DateTimeParseException ex) {
				// Try the next format.
			}
		}
		return OptionalLong.empty();
	}

	/**
	 * RFC 9110 section 5.6.7: a two-digit year more than 50 years in the future is a
	 * century earlier.
	 */
	private static Instant notFarAhead(LocalDateTime local) {
		ZonedDateTime date = local.atZone(ZoneOffset.UTC);
		if (date.isAfter(ZonedDateTime.now(ZoneOffset.UTC).plusYears(50))) {
			date = date.minusYears(100);
		}
		return date.toInstant();
	}

}
