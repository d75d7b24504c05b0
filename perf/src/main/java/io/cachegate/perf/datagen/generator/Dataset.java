package io.cachegate.perf.datagen.generator;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cachegate.perf.datagen.schema.EntitySpec;
import io.cachegate.perf.datagen.schema.FieldSpec;
import io.cachegate.perf.datagen.schema.RuleSpec;
import io.cachegate.perf.datagen.schema.Schema;

/**
 * A schema compiled for one seed: an {@link EntityGenerator} per entity, built on demand
 * in reference order. Compiling checks every generator's parameters, every field a
 * template or rule names, and that fields do not depend on each other in a circle.
 */
public final class Dataset {

	private final Schema schema;

	private final long seed;

	private final Map<String, Long> rows;

	private final GeneratorFactory factory = new GeneratorFactory();

	private final Map<String, EntityGenerator> compiled = new HashMap<>();

	private final Set<String> compiling = new LinkedHashSet<>();

	private Dataset(Schema schema, long seed, Map<String, Long> rows) {
		this.schema = schema;
		this.seed = seed;
		this.rows = rows;
	}

	/**
	 * @param schema the parsed schema
	 * @param seed the run's seed
	 * @param entity the entity being generated (null for the first)
	 * @param rows its row count (null to take the entity's {@code rows})
	 * @throws SchemaException when a generator, template or rule cannot be used
	 */
	public static Dataset compile(Schema schema, long seed, String entity, Long rows) {
		Map<String, Long> counts = new HashMap<>();
		for (EntitySpec spec : schema.entities().values()) {
			counts.put(spec.name(), spec.rows());
		}
		if (rows != null) {
			counts.put(schema.entity(entity).name(), rows);
		}
		Dataset dataset = new Dataset(schema, seed, counts);
		for (String name : schema.entities().keySet()) {
			dataset.entity(name);
		}
		return dataset;
	}

	public EntityGenerator entity(String name) {
		EntityGenerator generator = this.compiled.get(name);
		if (generator != null) {
			return generator;
		}
		EntitySpec spec = this.schema.entities().get(name);
		if (spec == null) {
			throw new IllegalArgumentException(
					"no entity '" + name + "' (entities: " + String.join(", ", this.schema.entities().keySet()) + ")");
		}
		if (!this.compiling.add(name)) {
			throw new IllegalArgumentException(
					"entities refer to each other in a circle: " + String.join(" -> ", this.compiling) + " -> " + name);
		}
		generator = compileEntity(spec);
		this.compiling.remove(name);
		this.compiled.put(name, generator);
		return generator;
	}

	public long rows(String entity) {
		return this.rows.getOrDefault(entity, -1L);
	}

	private EntityGenerator compileEntity(EntitySpec spec) {
		List<FieldSpec> fields = spec.fields();
		String[] names = fields.stream().map(FieldSpec::name).toArray(String[]::new);
		Map<String, Integer> positions = new HashMap<>();
		for (int i = 0; i < names.length; i++) {
			positions.put(names[i], i);
		}
		EntityGenerator.CompiledField[] compiledFields = new EntityGenerator.CompiledField[names.length];
		List<Set<Integer>> dependencies = new ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			FieldSpec field = fields.get(i);
			Set<Integer> depends = new LinkedHashSet<>();
			dependencies.add(depends);
			GeneratorFactory.Context context = context(spec, positions, depends);
			FieldGenerator generator = this.factory.create(field, context);
			List<EntityGenerator.CompiledField.Rule> rules = new ArrayList<>();
			for (RuleSpec rule : field.rules()) {
				Condition condition = GeneratorFactory.condition(rule.params(), rule.when(), context);
				rules.add(new EntityGenerator.CompiledField.Rule(condition, rule.makeNull() ? null : rule.value()));
			}
			double duplicateShare = field.params().share("duplicate_share", 0);
			compiledFields[i] = new EntityGenerator.CompiledField(generator, field.column(), field.nullShare(),
					duplicateShare, field.emit(), field.http(), rules);
		}
		int[] order = order(spec, names, dependencies);
		int[][] closures = new int[names.length][];
		for (int i = 0; i < names.length; i++) {
			Set<Integer> closure = new LinkedHashSet<>();
			collect(i, dependencies, closure);
			closures[i] = Arrays.stream(order).filter(closure::contains).toArray();
		}
		return new EntityGenerator(spec.name(), this.seed, rows(spec.name()), names, compiledFields, order, closures,
				positions.get(spec.key()));
	}

	private GeneratorFactory.Context context(EntitySpec spec, Map<String, Integer> positions, Set<Integer> depends) {
		Path base = this.schema.baseDirectory();
		return new GeneratorFactory.Context() {

			@Override
			public int dependOn(String field) {
				Integer position = positions.get(field);
				if (position == null) {
					throw new IllegalArgumentException("'" + field + "' is not a field of entity '" + spec.name()
							+ "' (fields: " + String.join(", ", positions.keySet()) + ")");
				}
				depends.add(position);
				return position;
			}

			@Override
			public EntityGenerator entity(String name) {
				if (name.equals(spec.name())) {
					throw new IllegalArgumentException("entity '" + name + "' cannot refer to itself");
				}
				return Dataset.this.entity(name);
			}

			@Override
			public long rows(String entity) {
				return Dataset.this.rows(entity);
			}

			@Override
			public Path baseDirectory() {
				return (base != null) ? base : Path.of(".");
			}

		};
	}

	/** Topological order (Kahn), ties broken by schema order so the order is stable. */
	private static int[] order(EntitySpec spec, String[] names, List<Set<Integer>> dependencies) {
		int n = names.length;
		int[] waiting = new int[n];
		List<List<Integer>> dependents = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			dependents.add(new ArrayList<>());
		}
		for (int i = 0; i < n; i++) {
			for (int dependency : dependencies.get(i)) {
				if (dependency == i) {
					throw spec.fields().get(i).params().error("field '" + names[i] + "' cannot depend on itself");
				}
				waiting[i]++;
				dependents.get(dependency).add(i);
			}
		}
		Deque<Integer> ready = new ArrayDeque<>();
		for (int i = 0; i < n; i++) {
			if (waiting[i] == 0) {
				ready.add(i);
			}
		}
		int[] order = new int[n];
		int count = 0;
		while (!ready.isEmpty()) {
			int field = ready.poll();
			order[count++] = field;
			for (int dependent : dependents.get(field)) {
				if (--waiting[dependent] == 0) {
					ready.add(dependent);
				}
			}
		}
		if (count < n) {
			for (int i = 0; i < n; i++) {
				if (waiting[i] > 0) {
					throw spec.fields()
						.get(i)
						.params()
						.error("field '" + names[i] + "' is part of a circle of fields that depend on each other");
				}
			}
		}
		return order;
	}

	private static void collect(int field, List<Set<Integer>> dependencies, Set<Integer> closure) {
		if (closure.add(field)) {
			for (int dependency : dependencies.get(field)) {
				collect(dependency, dependencies, closure);
			}
		}
	}

}
