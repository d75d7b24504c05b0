package io.cachegate.perf.datagen.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes the rows of one entity. A row is a pure function of (seed, entity, row index):
 * every field draws from its own stream seeded by (seed, entity, field, row), in an order
 * where the fields it reads come first. That is what lets rows be made in parallel, in
 * any order, and by key for references. Thread-safe.
 */
public final class EntityGenerator {

	private static final long META_SALT = 0x6A09E667F3BCC909L;

	private static final int DUPLICATE_WINDOW = 1000;

	private final String name;

	private final long seed;

	private final long entityHash;

	private final long rows;

	private final String[] names;

	private final long[] fieldHashes;

	private final CompiledField[] fields;

	/** Generation order of all fields (dependencies first). */
	private final int[] order;

	/** For each field, the generation order of it and everything it depends on. */
	private final int[][] closures;

	private final int[] emitted;

	private final List<Column> columns;

	private final int key;

	EntityGenerator(String name, long seed, long rows, String[] names, CompiledField[] fields, int[] order,
			int[][] closures, int key) {
		this.name = name;
		this.seed = seed;
		this.entityHash = RowRandom.hash(name);
		this.rows = rows;
		this.names = names;
		this.fields = fields;
		this.order = order;
		this.closures = closures;
		this.key = key;
		this.fieldHashes = new long[names.length];
		List<Integer> emittedList = new ArrayList<>();
		List<Column> columnList = new ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			this.fieldHashes[i] = RowRandom.hash(names[i]);
			if (fields[i].emit()) {
				emittedList.add(i);
				columnList.add(new Column(names[i], fields[i].column(), fields[i].http()));
			}
		}
		this.emitted = emittedList.stream().mapToInt(Integer::intValue).toArray();
		this.columns = List.copyOf(columnList);
	}

	public String name() {
		return this.name;
	}

	/**
	 * The row count this entity has in the dataset (used by references and key files).
	 */
	public long rows() {
		return this.rows;
	}

	/** The fields written out, in schema order. */
	public List<Column> columns() {
		return this.columns;
	}

	public String keyName() {
		return this.names[this.key];
	}

	public int keyIndex() {
		return this.key;
	}

	/** Position of a field by name, or -1. */
	public int fieldIndex(String fieldName) {
		for (int i = 0; i < this.names.length; i++) {
			if (this.names[i].equals(fieldName)) {
				return i;
			}
		}
		return -1;
	}

	/** The emitted values of row {@code index}, in the order of {@link #columns()}. */
	public Object[] row(long index) {
		RowValues values = new RowValues(index, this.names.length);
		RowRandom random = new RowRandom(0);
		for (int field : this.order) {
			values.set(field, generate(field, values, random));
		}
		Object[] row = new Object[this.emitted.length];
		for (int i = 0; i < row.length; i++) {
			row[i] = values.get(this.emitted[i]);
		}
		return row;
	}

	/** One field's value at row {@code index}, computing only what it depends on. */
	public Object valueOf(long index, int field) {
		RowValues values = new RowValues(index, this.names.length);
		RowRandom random = new RowRandom(0);
		for (int f : this.closures[field]) {
			values.set(f, generate(f, values, random));
		}
		return values.get(field);
	}

	private Object generate(int field, RowValues values, RowRandom random) {
		CompiledField compiled = this.fields[field];
		long index = values.index();
		long fieldHash = this.fieldHashes[field];
		Object value = null;
		boolean decided = false;
		if (compiled.nullShare() > 0 || compiled.duplicateShare() > 0) {
			// A separate stream for these choices, so adding null_share leaves the other
			// values unchanged.
			random.reset(RowRandom.streamSeed(this.seed, this.entityHash, fieldHash ^ META_SALT, index));
			if (compiled.nullShare() > 0 && random.nextDouble() < compiled.nullShare()) {
				decided = true;
			}
			else if (compiled.duplicateShare() > 0 && index > 0 && random.nextDouble() < compiled.duplicateShare()) {
				long earlier = index - 1 - random.nextLong(Math.min(index, DUPLICATE_WINDOW));
				value = valueOf(earlier, field);
				decided = true;
			}
		}
		if (!decided) {
			random.reset(RowRandom.streamSeed(this.seed, this.entityHash, fieldHash, index));
			value = compiled.generator().generate(random, values);
		}
		for (CompiledField.Rule rule : compiled.rules()) {
			if (rule.condition().test(values)) {
				return rule.value();
			}
		}
		return value;
	}

	/**
	 * A field ready to generate.
	 *
	 * @param generator makes the value
	 * @param column database column
	 * @param nullShare share of nulls
	 * @param duplicateShare share of values copied from one of the previous rows
	 * @param emit whether it is written out
	 * @param http whether the HTTP target sends it
	 * @param rules conditional overrides, first match wins
	 */
	record CompiledField(FieldGenerator generator, String column, double nullShare, double duplicateShare, boolean emit,
			boolean http, List<Rule> rules) {

		record Rule(Condition condition, Object value) {
		}

	}

}
