package io.cachegate.perf.datagen.target;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import io.cachegate.perf.datagen.generator.Column;
import io.cachegate.perf.datagen.pipeline.Sink;

/**
 * Loads rows with {@code COPY ... FROM STDIN (FORMAT csv)}, one COPY per batch, each
 * committed on its own (without waiting for the WAL flush) so a failure keeps what was
 * loaded before it. Ids are written explicitly (the same seed gives the same ids), so
 * afterwards every identity or serial column's sequence is moved past the largest id, or
 * the service's next insert would collide with a generated row.
 */
public final class PostgresSink implements Sink<byte[]> {

	private final Connection connection;

	private final CopyManager copy;

	private final String table;

	private final List<Column> columns;

	private final String copySql;

	/**
	 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}
	 * @param user login
	 * @param password password (empty for trust authentication)
	 * @param table target table, optionally schema-qualified ({@code users.users})
	 * @param columns the emitted fields and their columns
	 */
	public PostgresSink(String jdbcUrl, String user, String password, String table, List<Column> columns)
			throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", user);
		properties.setProperty("password", (password != null) ? password : "");
		properties.setProperty("connectTimeout", "10");
		this.connection = DriverManager.getConnection(jdbcUrl, properties);
		this.connection.setAutoCommit(true);
		try (Statement statement = this.connection.createStatement()) {
			// Each batch commits on its own; waiting for the WAL flush of every commit
			// made small batches
			// twice as slow. A crash can lose the last batches' commits, never
			// consistency, and a generated
			// load is simply run again.
			statement.execute("SET synchronous_commit = off");
		}
		this.copy = this.connection.unwrap(PGConnection.class).getCopyAPI();
		this.table = table;
		this.columns = List.copyOf(columns);
		this.copySql = "COPY " + table + " ("
				+ columns.stream().map((column) -> quote(column.column())).collect(Collectors.joining(", "))
				+ ") FROM STDIN WITH (FORMAT csv)";
	}

	@Override
	public byte[] encode(long firstRow, Object[][] rows) {
		Utf8Buffer text = new Utf8Buffer(rows.length * 160);
		for (Object[] row : rows) {
			Encoding.csvRow(text, row);
		}
		return text.toByteArray();
	}

	@Override
	public void write(byte[] payload, int rowCount) throws Exception {
		try {
			this.copy.copyIn(this.copySql, new ByteArrayInputStream(payload));
		}
		catch (SQLException ex) {
			throw new SQLException("COPY into " + this.table + " failed: " + ex.getMessage(), ex.getSQLState(), ex);
		}
	}

	@Override
	public void finish() throws SQLException {
		for (Column column : this.columns) {
			String sequence;
			try (PreparedStatement statement = this.connection
				.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
				statement.setString(1, this.table);
				statement.setString(2, column.column());
				try (ResultSet result = statement.executeQuery()) {
					sequence = result.next() ? result.getString(1) : null;
				}
			}
			if (sequence != null) {
				try (Statement statement = this.connection.createStatement()) {
					// setval(seq, max, true): the next value handed out is max + 1. An
					// empty table keeps its sequence.
					statement
						.execute("SELECT setval('" + sequence.replace("'", "''") + "', max(" + quote(column.column())
								+ ")) FROM " + this.table + " HAVING max(" + quote(column.column()) + ") IS NOT NULL");
				}
			}
		}
	}

	@Override
	public void close() throws SQLException {
		this.connection.close();
	}

	private static String quote(String identifier) {
		return "\"" + identifier.replace("\"", "\"\"") + "\"";
	}

}
