package io.cachegate.stack;

/**
 * Where a PostgreSQL database is, and how to log in.
 *
 * @param host host name or address
 * @param port TCP port
 * @param database database name
 * @param username user name
 * @param password password (empty for trust authentication)
 * @param origin how the server was obtained (configured, testcontainers, embedded)
 */
public record PostgresEndpoint(String host, int port, String database, String username, String password,
		String origin) {

	public PostgresEndpoint {
		password = (password == null) ? "" : password;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://" + host + ":" + port + "/" + database;
	}

	public String r2dbcUrl() {
		return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
	}

	/**
	 * The same database and login reached at another address (a proxy in front of the
	 * server).
	 */
	public PostgresEndpoint via(String otherHost, int otherPort) {
		return new PostgresEndpoint(otherHost, otherPort, database, username, password, origin);
	}

	/** The same server and login, another database. */
	public PostgresEndpoint withDatabase(String otherDatabase) {
		return new PostgresEndpoint(host, port, otherDatabase, username, password, origin);
	}

}
