package io.cachegate.cache.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access line on the logger {@code cachegate.access}, one per request, whoever
 * answers it: the web filter chain ({@link AccessLogWebFilter}) or a handler in front of
 * it (the cache's fast path). Fields and their meaning are described on
 * {@link AccessLogWebFilter}.
 */
public final class AccessLog {

	private static final Logger logger = LoggerFactory.getLogger("cachegate.access");

	/**
	 * Each thread's builder for its lines (a line is built and taken as a string at once,
	 * on one thread); one that grew past the usual size is replaced.
	 */
	private static final ThreadLocal<StringBuilder> BUILDER = ThreadLocal.withInitial(() -> new StringBuilder(256));

	private static final int BUILDER_KEPT = 1024;

	private AccessLog() {
	}

	/**
	 * Whether lines are written at all ({@code LOGGING_LEVEL_CACHEGATE_ACCESS=WARN} turns
	 * them off).
	 */
	public static boolean enabled() {
		return logger.isInfoEnabled();
	}

	/**
	 * Writes one line.
	 * @param line what the request was and how it ended
	 * @param startedNanos {@link System#nanoTime()} when the gateway started on the
	 * request
	 */
	public static void write(Line line, long startedNanos) {
		// One string, built here: no argument array, no message pattern to parse and no
		// Formatter for the latency, on every request; in the thread's own builder, so
		// only the string itself is allocated.
		StringBuilder text = BUILDER.get();
		text.setLength(0);
		text.append("requestId=")
			.append(orDash(line.requestId()))
			.append(" method=")
			.append(line.method())
			.append(" path=")
			.append(line.path())
			.append(" route=")
			.append(orDash(line.route()))
			.append(" status=")
			.append(line.status())
			.append(" cache=")
			.append(orDash(line.cache()))
			.append(" latencyMs=");
		appendMillis(text, System.nanoTime() - startedNanos);
		String written = text.append(" outcome=").append(line.outcome()).toString();
		if (text.capacity() > BUILDER_KEPT) {
			BUILDER.remove();
		}
		logger.info(written);
	}

	/** Milliseconds with one decimal, rounded half up. */
	static void appendMillis(StringBuilder text, long nanos) {
		long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
		text.append(tenths / 10).append('.').append(tenths % 10);
	}

	private static String orDash(String value) {
		return (value != null) ? value : "-";
	}

	/**
	 * The fields of one access line; null fields are written as {@code -}.
	 *
	 * @param requestId the {@code X-Request-Id} answered
	 * @param method the request method
	 * @param path the request path, without the query
	 * @param route the route id
	 * @param status the status answered
	 * @param cache the {@code X-Cache} answered
	 * @param outcome {@code ok}, {@code error}, {@code aborted} or {@code cancelled}
	 */
	public record Line(String requestId, String method, String path, String route, int status, String cache,
			String outcome) {
	}

}
