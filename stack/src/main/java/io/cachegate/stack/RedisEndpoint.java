package io.cachegate.stack;

/**
 * Where a Redis server listens.
 *
 * @param host host name or address
 * @param port TCP port
 * @param origin how the server was obtained (configured, testcontainers, embedded)
 */
public record RedisEndpoint(String host, int port, String origin) {

	/** The {@code redis://host:port} URL of database 0. */
	public String url() {
		return "redis://" + host + ":" + port;
	}

	/** The {@code redis://host:port/db} URL of one logical database. */
	public String url(int database) {
		return url() + "/" + database;
	}

}
