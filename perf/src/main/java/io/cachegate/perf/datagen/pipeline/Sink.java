package io.cachegate.perf.datagen.pipeline;

import java.util.Map;

/**
 * Where batches go. Encoding runs on the generator threads (it is as expensive as
 * generating), writing runs on the one writer thread, in row order.
 *
 * @param <P> the encoded form of a batch (bytes for files and COPY, request bodies for
 * HTTP)
 */
public interface Sink<P> extends AutoCloseable {

	/** Encodes the rows {@code firstRow .. firstRow + rows.length - 1}; thread-safe. */
	P encode(long firstRow, Object[][] rows);

	/** Sends one encoded batch; called by the writer thread only, batches in order. */
	void write(P payload, int rowCount) throws Exception;

	/**
	 * Called once after the last batch: flush, wait for requests in flight, fix
	 * sequences.
	 */
	default void finish() throws Exception {
	}

	/** Rows the target refused so far. */
	default long errors() {
		return 0;
	}

	/** Errors by kind (for HTTP: by status code), for the summary. */
	default Map<String, Long> errorsByKind() {
		return Map.of();
	}

	@Override
	default void close() throws Exception {
	}

}
