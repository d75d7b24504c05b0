package io.cachegate.perf.datagen.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Counters a run updates and the progress display reads; all thread-safe. */
public final class PipelineStats {

	private final long total;

	private final AtomicLong generated = new AtomicLong();

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong maxAhead = new AtomicLong();

	public PipelineStats(long total) {
		this.total = total;
	}

	public long total() {
		return this.total;
	}

	/** Rows generated (and encoded) so far. */
	public long generated() {
		return this.generated.get();
	}

	/** Rows the writer has handed to the target so far. */
	public long written() {
		return this.written.get();
	}

	/**
	 * The most rows that were ever generated but not yet written: what the buffer had to
	 * hold.
	 */
	public long maxAhead() {
		return this.maxAhead.get();
	}

	void addGenerated(long rows) {
		long generatedNow = this.generated.addAndGet(rows);
		long ahead = generatedNow - this.written.get();
		this.maxAhead.accumulateAndGet(ahead, Math::max);
	}

	void addWritten(long rows) {
		this.written.addAndGet(rows);
	}

}
