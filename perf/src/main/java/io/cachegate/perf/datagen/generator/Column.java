package io.cachegate.perf.datagen.generator;

/**
 * A field as targets see it.
 *
 * @param name field name (CSV header, JSON property)
 * @param column database column
 * @param http whether the HTTP target sends it
 */
public record Column(String name, String column, boolean http) {
}
