package io.cachegate.perf.datagen.schema;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed, structurally checked schema file. Generators check their own parameters when
 * they are built from it and report problems through the same {@link SchemaException}.
 *
 * @param source the file name, for messages
 * @param baseDirectory where relative paths in the schema (dictionary files) are resolved
 * @param run defaults for the run
 * @param entities entities in file order
 */
public record Schema(String source, Path baseDirectory, RunSettings run, Map<String, EntitySpec> entities) {

	public Schema {
		entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
	}

	/** The entity with this name, or the first one when {@code name} is null. */
	public EntitySpec entity(String name) {
		if (name == null) {
			return this.entities.values().iterator().next();
		}
		EntitySpec entity = this.entities.get(name);
		if (entity == null) {
			throw new SchemaException(this.source, 0,
					"no entity '" + name + "' (entities: " + String.join(", ", this.entities.keySet()) + ")");
		}
		return entity;
	}

}
