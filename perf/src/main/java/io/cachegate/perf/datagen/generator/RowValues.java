package io.cachegate.perf.datagen.generator;

/** The row being built: its index and the values generated so far, by field position. */
final class RowValues {

	private final long index;

	private final Object[] values;

	RowValues(long index, int fields) {
		this.index = index;
		this.values = new Object[fields];
	}

	long index() {
		return this.index;
	}

	Object get(int field) {
		return this.values[field];
	}

	void set(int field, Object value) {
		this.values[field] = value;
	}

}
