package io.cachegate.users.schema;

import java.util.Set;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the schema is migrated at start-up (Flyway, {@code db/migration}). */
@Configuration(proxyBeanMethods = false)
class SchemaConfiguration {

	/**
	 * V10 and V20 had their opening comments reworded; see {@link RewordedMigrations}.
	 */
	@Bean
	FlywayMigrationStrategy flywayMigrationStrategy() {
		return new RewordedMigrations(Set.of("10", "20"))::migrate;
	}

}
