package io.cachegate.perf.datagen.schema;

/**
 * The {@code [run]} table: defaults for a run that command-line options override. Each
 * value is {@code null} when the schema leaves it to the command line or the built-in
 * default.
 *
 * @param seed seed for every random choice
 * @param rows how many rows of the chosen entity
 * @param entity which entity to generate
 * @param target where rows go (csv, ndjson, postgres, http, keys)
 * @param out output path for file targets ({@code -} for stdout)
 * @param batchSize rows per batch handed to the target
 * @param threads generator threads
 * @param bufferSize batches that may wait between generators and the writer
 */
public record RunSettings(Long seed, Long rows, String entity, String target, String out, Integer batchSize,
		Integer threads, Integer bufferSize) {

	static final RunSettings NONE = new RunSettings(null, null, null, null, null, null, null, null);

}
