package io.cachegate.gateway.observability;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * Writes an access line as {@code <UTC time> cachegate.access <line>\n} in one array: a
 * pattern layout built the line three times over (its builder, the string, the bytes), on
 * every request. The time is ISO 8601 with milliseconds; the part up to the second is
 * made once a second. Used by {@code logback-spring.xml} for the logger
 * {@code cachegate.access}; {@code LOGGING_CONFIG} names another logback configuration
 * for another layout.
 */
public class AccessLogEncoder extends EncoderBase<ILoggingEvent> {

	private static final DateTimeFormatter TO_THE_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.")
		.withZone(ZoneOffset.UTC);

	private static final byte[] AFTER_TIME = "Z cachegate.access ".getBytes(StandardCharsets.US_ASCII);

	/** The time up to the second last written, and the second it is. */
	private volatile SecondText last = new SecondText(Long.MIN_VALUE, new byte[0]);

	@Override
	public byte[] headerBytes() {
		return null;
	}

	@Override
	public byte[] footerBytes() {
		return null;
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		String line = event.getFormattedMessage();
		long millis = event.getTimeStamp();
		long second = Math.floorDiv(millis, 1000);
		SecondText time = last;
		if (time.second() != second) {
			time = new SecondText(second,
					TO_THE_SECOND.format(Instant.ofEpochSecond(second)).getBytes(StandardCharsets.US_ASCII));
			last = time;
		}
		int lineLength = line.length();
		for (int i = 0; i < lineLength; i++) {
			if (line.charAt(i) >= 0x80) {
				return encodeBeyondAscii(time.text(), line, millis);
			}
		}
		byte[] out = new byte[time.text().length + 3 + AFTER_TIME.length + lineLength + 1];
		int at = prefix(out, time.text(), millis);
		for (int i = 0; i < lineLength; i++) {
			out[at++] = (byte) line.charAt(i);
		}
		out[at] = '\n';
		return out;
	}

	private static byte[] encodeBeyondAscii(byte[] secondText, String line, long millis) {
		byte[] text = line.getBytes(StandardCharsets.UTF_8);
		byte[] out = new byte[secondText.length + 3 + AFTER_TIME.length + text.length + 1];
		int at = prefix(out, secondText, millis);
		System.arraycopy(text, 0, out, at, text.length);
		out[at + text.length] = '\n';
		return out;
	}

	private static int prefix(byte[] out, byte[] secondText, long millis) {
		System.arraycopy(secondText, 0, out, 0, secondText.length);
		int at = secondText.length;
		int milli = (int) Math.floorMod(millis, 1000);
		out[at++] = (byte) ('0' + milli / 100);
		out[at++] = (byte) ('0' + milli / 10 % 10);
		out[at++] = (byte) ('0' + milli % 10);
		System.arraycopy(AFTER_TIME, 0, out, at, AFTER_TIME.length);
		return at + AFTER_TIME.length;
	}

	private record SecondText(long second, byte[] text) {
	}

}
