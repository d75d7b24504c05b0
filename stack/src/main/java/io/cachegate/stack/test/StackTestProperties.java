package io.cachegate.stack.test;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.PostgresEndpoint;
import io.cachegate.stack.RedisEndpoint;

/**
 * Points a Spring test context at the shared test servers, through the same variables the
 * services read in production ({@code REDIS_URL}, {@code POSTGRES_*}). Use from a
 * {@code @DynamicPropertySource} method.
 */
public final class StackTestProperties {

	private StackTestProperties() {
	}

	/**
	 * Registers a fresh PostgreSQL database (named after {@code purpose}) and one logical
	 * Redis database.
	 * @param registry the test's registry
	 * @param purpose a short name such as {@code auth} or {@code users}
	 * @param redisDatabase the Redis database index this module's tests own (1 to 15)
	 * @return the database registered
	 */
	public static PostgresEndpoint register(DynamicPropertyRegistry registry, String purpose, int redisDatabase) {
		PostgresEndpoint database = Infrastructure.freshDatabase(purpose);
		registerPostgres(registry, database);
		registerRedis(registry, Infrastructure.redis(), redisDatabase);
		return database;
	}

	public static void registerPostgres(DynamicPropertyRegistry registry, PostgresEndpoint database) {
		registry.add("POSTGRES_HOST", database::host);
		registry.add("POSTGRES_PORT", database::port);
		registry.add("POSTGRES_DB", database::database);
		registry.add("POSTGRES_USER", database::username);
		registry.add("POSTGRES_PASSWORD", database::password);
	}

	public static void registerRedis(DynamicPropertyRegistry registry, RedisEndpoint redis, int database) {
		registry.add("REDIS_URL", () -> redis.url(database));
	}

}
