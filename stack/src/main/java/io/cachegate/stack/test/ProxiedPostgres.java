package io.cachegate.stack.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.cachegate.stack.Infrastructure;
import io.cachegate.stack.PostgresEndpoint;

/**
 * A fresh database of the shared PostgreSQL, reached by the service under test through a
 * {@link TcpProxy}: {@link #down()} makes PostgreSQL look stopped (open connections cut,
 * new ones refused) without touching the server, {@link #up()} brings it back. Held in a
 * static {@code @RegisterExtension} field, it brings the database back after every test,
 * so a test that fails while it is down leaves no outage to the next.
 */
public final class ProxiedPostgres implements AfterEachCallback {

	private final PostgresEndpoint database;

	private final TcpProxy proxy;

	private ProxiedPostgres(PostgresEndpoint database) {
		this.database = database;
		this.proxy = TcpProxy.to(database.host(), database.port());
	}

	/**
	 * @param purpose a short name for the database, such as {@code users_outage}
	 * @return a new database behind a new proxy, passing traffic
	 */
	public static ProxiedPostgres freshDatabase(String purpose) {
		return new ProxiedPostgres(Infrastructure.freshDatabase(purpose));
	}

	/**
	 * Points the test's application at the database through the proxy, and at one logical
	 * database of the shared Redis: what
	 * {@link StackTestProperties#register(DynamicPropertyRegistry, String, int)} does
	 * without a proxy.
	 * @param registry the test's registry
	 * @param redisDatabase the Redis database index the module's tests own (1 to 15)
	 */
	public void register(DynamicPropertyRegistry registry, int redisDatabase) {
		StackTestProperties.registerPostgres(registry, this.database.via("127.0.0.1", this.proxy.port()));
		StackTestProperties.registerRedis(registry, Infrastructure.redis(), redisDatabase);
	}

	/** The database's name, for names that must differ per test JVM. */
	public String databaseName() {
		return this.database.database();
	}

	public void down() {
		this.proxy.mode(TcpProxy.Mode.REFUSE);
	}

	public void up() {
		this.proxy.mode(TcpProxy.Mode.PASS);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		up();
	}

}
