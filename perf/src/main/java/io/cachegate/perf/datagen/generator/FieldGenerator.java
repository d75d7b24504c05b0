package io.cachegate.perf.datagen.generator;

/**
 * Makes one field's value for one row. Implementations are immutable and thread-safe:
 * everything that varies comes in through the row's random stream and the row's earlier
 * values.
 */
@FunctionalInterface
interface FieldGenerator {

	/**
	 * @param random the stream for this field at this row, freshly seeded
	 * @param row the row being built (its index and the values of fields generated before
	 * this one)
	 * @return the value: {@code Long}, {@code BigDecimal}, {@code String},
	 * {@code LocalDate}, {@code Boolean}, or null
	 */
	Object generate(RowRandom random, RowValues row);

}
