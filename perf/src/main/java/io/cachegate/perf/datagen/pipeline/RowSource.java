package io.cachegate.perf.datagen.pipeline;

/**
 * Makes row {@code index}; called from several threads at once, so it must be
 * thread-safe.
 */
@FunctionalInterface
public interface RowSource {

	Object[] row(long index);

}
