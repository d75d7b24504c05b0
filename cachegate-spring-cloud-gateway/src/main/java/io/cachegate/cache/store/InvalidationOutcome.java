package io.cachegate.cache.store;

/**
 * What an invalidation did in Redis; {@link #detail()} is the word a write's
 * {@code Cache-Status} carries.
 */
public enum InvalidationOutcome {

	/** The tags were invalidated; nothing was written through. */
	INVALIDATED("invalidated"),

	/** Invalidated, and the write's new representation was stored. */
	STORED("stored"),

	/**
	 * Invalidated; a live entry newer than the write's representation was kept instead of
	 * it.
	 */
	KEPT("kept"),

	/**
	 * Invalidated, but a change the write's representation does not show touched its tags
	 * while the write was at the origin: nothing was written through.
	 */
	CONFLICT("conflict"),

	/** Redis could not be asked: nothing was invalidated. */
	UNAVAILABLE("unavailable");

	private final String detail;

	InvalidationOutcome(String detail) {
		this.detail = detail;
	}

	public String detail() {
		return detail;
	}

	/** Whether Redis took the invalidation. */
	public boolean applied() {
		return this != UNAVAILABLE;
	}

	static InvalidationOutcome of(String detail) {
		for (InvalidationOutcome outcome : values()) {
			if (outcome.detail.equals(detail)) {
				return outcome;
			}
		}
		throw new IllegalArgumentException("Unknown invalidation outcome " + detail);
	}

}
