package io.cachegate.perf.datagen.schema;

/**
 * A conditional rule on a field: when {@code when} holds for the row, the field becomes
 * null or a fixed value instead of what its generator produced.
 *
 * @param when the condition, for example {@code age < 18}
 * @param makeNull whether the field becomes null
 * @param value the value the field becomes when not null
 * @param params the rule's table, for error locations
 */
public record RuleSpec(String when, boolean makeNull, Object value, Params params) {
}
