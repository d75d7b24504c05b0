package io.cachegate.users.schema;

import java.util.List;
import java.util.Set;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.output.ValidateOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the schema, first accepting the new text of applied migrations whose comments
 * were reworded after they ran (their SQL is the same). Flyway checksums a whole file,
 * comments included, so a database migrated with the old text would otherwise refuse to
 * start. Only those versions, and only a checksum difference, are accepted: any other
 * mismatch (an applied migration whose statements changed) still fails the start, as
 * Flyway intends.
 */
final class RewordedMigrations {

	private static final Logger logger = LoggerFactory.getLogger(RewordedMigrations.class);

	private final Set<String> versions;

	/**
	 * @param versions the applied migrations whose comments, and nothing else, were
	 * reworded
	 */
	RewordedMigrations(Set<String> versions) {
		this.versions = Set.copyOf(versions);
	}

	void migrate(Flyway flyway) {
		List<ValidateOutput> mismatches = flyway.validateWithResult().invalidMigrations.stream()
			.filter((invalid) -> invalid.errorDetails != null
					&& invalid.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH)
			.toList();
		if (!mismatches.isEmpty()
				&& mismatches.stream().allMatch((invalid) -> this.versions.contains(invalid.version))) {
			logger.info("Recording the reworded comments of applied migrations {} (their statements are unchanged)",
					mismatches.stream().map((invalid) -> invalid.version).toList());
			flyway.repair();
		}
		flyway.migrate();
	}

}
