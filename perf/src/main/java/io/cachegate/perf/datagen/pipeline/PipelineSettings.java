package io.cachegate.perf.datagen.pipeline;

/**
 * How a run is cut up.
 *
 * @param rows rows to generate
 * @param batchSize rows per batch (the last one may be smaller)
 * @param threads generator threads
 * @param bufferBatches batches that may exist between generators and writer: generated,
 * or being generated, but not yet written. This bounds memory whatever the target's
 * speed.
 */
public record PipelineSettings(long rows, int batchSize, int threads, int bufferBatches) {

	public PipelineSettings {
		if (rows < 0) {
			throw new IllegalArgumentException("rows must not be negative");
		}
		if (batchSize < 1 || threads < 1 || bufferBatches < 1) {
			throw new IllegalArgumentException("batch size, threads and buffer size must be at least 1");
		}
	}

	/**
	 * A buffer that uses about a quarter of the heap at an assumed 1 KB per row (encoded
	 * rows of the bundled schema take about 150 bytes, objects before encoding several
	 * times that), never fewer than two batches per thread so generators rarely wait on
	 * each other, and never more than 64 batches: more buffer does not make a run faster
	 * (it only absorbs a target's hiccups), it only holds more garbage.
	 */
	public static int defaultBufferBatches(long maxHeapBytes, int batchSize, int threads) {
		long fit = (maxHeapBytes / 4) / (1024L * batchSize);
		return (int) Math.max(2L * threads, Math.min(64, fit));
	}

}
