package io.cachegate.cache.events;

/** Redis Stream ids ({@code <ms>-<seq>}), compared as the pair of numbers they are. */
final class StreamIds {

	static final String START = "0-0";

	private StreamIds() {
	}

	static long millis(String id) {
		int dash = id.indexOf('-');
		return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
	}

	static long sequence(String id) {
		int dash = id.indexOf('-');
		return dash < 0 ? 0 : Long.parseLong(id.substring(dash + 1));
	}

	/** Negative, zero or positive as {@code a} is before, equal to or after {@code b}. */
	static int compare(String a, String b) {
		int byMillis = Long.compare(millis(a), millis(b));
		return byMillis != 0 ? byMillis : Long.compare(sequence(a), sequence(b));
	}

}
