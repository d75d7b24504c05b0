package io.cachegate.perf.datagen;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.cachegate.perf.datagen.generator.Dataset;
import io.cachegate.perf.datagen.generator.Distribution;
import io.cachegate.perf.datagen.generator.EntityGenerator;
import io.cachegate.perf.datagen.generator.KeySequence;
import io.cachegate.perf.datagen.pipeline.Pipeline;
import io.cachegate.perf.datagen.pipeline.PipelineSettings;
import io.cachegate.perf.datagen.pipeline.PipelineStats;
import io.cachegate.perf.datagen.pipeline.ProgressReporter;
import io.cachegate.perf.datagen.pipeline.RowSource;
import io.cachegate.perf.datagen.pipeline.Sink;
import io.cachegate.perf.datagen.schema.EntitySpec;
import io.cachegate.perf.datagen.schema.RunSettings;
import io.cachegate.perf.datagen.schema.Schema;
import io.cachegate.perf.datagen.schema.SchemaException;
import io.cachegate.perf.datagen.schema.SchemaParser;
import io.cachegate.perf.datagen.target.HttpSink;
import io.cachegate.perf.datagen.target.PostgresSink;
import io.cachegate.perf.datagen.target.TextSink;

/**
 * The {@code datagen} command line: reads a schema, generates rows reproducibly from a
 * seed and sends them through the bounded pipeline to a file, PostgreSQL, the
 * user-service API, or a key file for benchmarks. Options given on the command line win
 * over the schema's {@code [run]} table, which wins over the defaults shown by
 * {@code --help}.
 */
@Command(name = "datagen", mixinStandardHelpOptions = true, version = "datagen 0.1.0", sortOptions = false,
		usageHelpWidth = 110,
		description = {
				"Generates realistic, reproducible data from a TOML schema and writes it to CSV, NDJSON, "
						+ "PostgreSQL (COPY), the user-service HTTP API, or a benchmark key file.",
				"The same schema and seed give byte-identical output whatever the batch size or thread count.", "" },
		footer = { "",
				"Exit status: 0 done without errors, 1 the run failed or the target refused rows, "
						+ "2 bad options or schema.",
				"Examples:",
				"  perf/datagen --schema perf/schemas/users.toml --rows 1000000 --target csv --out users.csv",
				"  perf/datagen --schema perf/schemas/users.toml --rows 100000 --target postgres",
				"  perf/datagen --schema perf/schemas/users.toml --rows 100000 --target keys --keys 1000000 --out keys.txt" })
public final class DatagenCommand implements Callable<Integer> {

	@Option(names = "--schema", paramLabel = "FILE", defaultValue = "Genfile.toml",
			description = "Schema file (TOML): entities, fields, generators; see perf/README.md "
					+ "(default: ${DEFAULT-VALUE} in the current directory).")
	private Path schemaFile;

	@Option(names = "--rows", paramLabel = "N",
			description = "Rows of the entity to generate (default: [run] rows, else the entity's rows). "
					+ "For --target keys: how many users the keys are drawn from.")
	private Long rows;

	@Option(names = "--seed", paramLabel = "S",
			description = "Seed for every random choice (default: [run] seed, else 42).")
	private Long seed;

	@Option(names = "--target", paramLabel = "TARGET",
			description = "csv, ndjson, postgres, http or keys (default: [run] target, else csv).")
	private String target;

	@Option(names = "--out", paramLabel = "PATH",
			description = "Output file for csv, ndjson and keys; '-' for stdout (default: [run] out, else -).")
	private String out;

	@Option(names = "--entity", paramLabel = "NAME",
			description = "Entity to generate (default: [run] entity, else the first in the schema).")
	private String entity;

	@Option(names = "--batch-size", paramLabel = "B",
			description = "Rows per batch handed to the target; one COPY per batch for postgres "
					+ "(default: [run] batch_size, else 1000).")
	private Integer batchSize;

	@Option(names = "--threads", paramLabel = "T",
			description = "Generator threads; output does not depend on it (default: [run] threads, else the CPU count).")
	private Integer threads;

	@Option(names = "--buffer-size", paramLabel = "K",
			description = "Batches that may wait between generators and the writer; bounds memory "
					+ "(default: [run] buffer_size, else a quarter of the max heap at ~1 KB a row, 2 per thread at least, 64 at most).")
	private Integer bufferSize;

	@Option(names = "--jdbc-url", paramLabel = "URL",
			description = "postgres: JDBC URL (default: jdbc:postgresql://$POSTGRES_HOST:$POSTGRES_PORT/$POSTGRES_DB "
					+ "with 127.0.0.1, 5432, postgres).")
	private String jdbcUrl;

	@Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:POSTGRES_USER:-postgres}",
			description = "postgres: login (default: $POSTGRES_USER, else ${DEFAULT-VALUE}).")
	private String dbUser;

	@Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:POSTGRES_PASSWORD:-}",
			description = "postgres: password (default: $POSTGRES_PASSWORD, else empty).")
	private String dbPassword;

	@Option(names = "--table", paramLabel = "TABLE",
			description = "postgres: table to COPY into (default: the entity's 'table', else its name).")
	private String table;

	@Option(names = "--url", paramLabel = "URL", defaultValue = "${env:DATAGEN_URL:-http://127.0.0.1:8082/users}",
			description = "http: where each row is POSTed as JSON (default: $DATAGEN_URL, else ${DEFAULT-VALUE}).")
	private URI url;

	@Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:DATAGEN_TOKEN:-}",
			description = "http: bearer token, e.g. a MANAGER's from POST /auth/token (default: $DATAGEN_TOKEN).")
	private String token;

	@Option(names = "--concurrency", paramLabel = "C", defaultValue = "16",
			description = "http: requests in flight at most (default: ${DEFAULT-VALUE}).")
	private int concurrency;

	@Option(names = "--http-timeout", paramLabel = "SECONDS", defaultValue = "30",
			description = "http: timeout per request (default: ${DEFAULT-VALUE}).")
	private int httpTimeoutSeconds;

	@Option(names = "--keys", paramLabel = "N",
			description = "keys: how many keys to write (default: as many as --rows).")
	private Long keys;

	@Option(names = "--distribution", paramLabel = "DIST", defaultValue = "zipf",
			description = "keys: zipf (a few hot keys) or uniform (default: ${DEFAULT-VALUE}).")
	private String distribution;

	@Option(names = "--zipf-exponent", paramLabel = "s", defaultValue = "1.0",
			description = "keys: Zipf exponent; larger means hotter hot keys (default: ${DEFAULT-VALUE}).")
	private double zipfExponent;

	@Option(names = "--scatter", negatable = true, defaultValue = "true", fallbackValue = "true",
			description = "keys: spread the hot keys over the id range instead of ids 1, 2, 3... (default: on).")
	private boolean scatter;

	@Option(names = "--progress-interval", paramLabel = "SECONDS",
			description = "Seconds between progress updates (default: 1 on a terminal, 5 otherwise).")
	private Double progressInterval;

	@Option(names = "--quiet", description = "No progress and no summary; errors only.")
	private boolean quiet;

	@Option(names = "--validate", description = "Check the schema and print its columns, generate nothing.")
	private boolean validate;

	private final PrintStream err;

	private final OutputStream stdout;

	private final boolean terminal;

	/** The command as run from a shell. */
	public DatagenCommand() {
		this(System.err, new FileOutputStream(FileDescriptor.out), System.console() != null);
	}

	/**
	 * @param err where progress, summary and errors go
	 * @param stdout where {@code --out -} writes
	 * @param terminal whether to draw a progress bar instead of plain lines
	 */
	public DatagenCommand(PrintStream err, OutputStream stdout, boolean terminal) {
		this.err = err;
		this.stdout = stdout;
		this.terminal = terminal;
	}

	public static void main(String[] args) {
		System.exit(commandLine(new DatagenCommand()).execute(args));
	}

	/** The picocli command with datagen's error handling, for main and tests. */
	public static CommandLine commandLine(DatagenCommand command) {
		CommandLine line = new CommandLine(command);
		line.setCaseInsensitiveEnumValuesAllowed(true);
		line.setErr(new PrintWriter(command.err, true));
		line.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
			if (ex instanceof SchemaException || ex instanceof IllegalArgumentException) {
				command.err.println("datagen: " + ex.getMessage());
				return 2;
			}
			command.err.println("datagen: failed: " + describe(ex));
			return 1;
		});
		return line;
	}

	@Override
	public Integer call() throws Exception {
		Schema schema = SchemaParser.parse(this.schemaFile);
		RunSettings run = schema.run();
		String entityName = first(this.entity, run.entity(), null);
		long runSeed = first(this.seed, run.seed(), 42L);
		String targetName = first(this.target, run.target(), "csv").toLowerCase(Locale.ROOT);
		if (!List.of("csv", "ndjson", "postgres", "http", "keys").contains(targetName)) {
			throw new IllegalArgumentException(
					"unknown target '" + targetName + "' (known: csv, ndjson, postgres, http, keys)");
		}
		EntitySpec entitySpec = schema.entity(entityName);
		Long rowCount = first(this.rows, run.rows(), (entitySpec.rows() >= 0) ? entitySpec.rows() : null,
				this.validate ? 0L : null);
		if (rowCount == null || rowCount < 0) {
			throw new IllegalArgumentException(
					"how many rows? give --rows N, or 'rows' in [run] or [entities." + entitySpec.name() + "]");
		}
		Dataset dataset = Dataset.compile(schema, runSeed, entitySpec.name(), rowCount);
		EntityGenerator generator = dataset.entity(entitySpec.name());
		if (this.validate) {
			this.err.println("datagen: " + schema.source() + " is valid; entity " + generator.name() + " writes "
					+ String.join(",", generator.columns().stream().map((column) -> column.name()).toList()));
			return 0;
		}
		int batch = first(this.batchSize, run.batchSize(), 1000);
		int threadCount = first(this.threads, run.threads(), Runtime.getRuntime().availableProcessors());
		int buffer = first(this.bufferSize, run.bufferSize(),
				PipelineSettings.defaultBufferBatches(Runtime.getRuntime().maxMemory(), batch, threadCount));
		String output = first(this.out, run.out(), "-");

		RowSource source = generator::row;
		long total = rowCount;
		if (targetName.equals("keys")) {
			Distribution keyDistribution = switch (this.distribution.toLowerCase(Locale.ROOT)) {
				case "zipf" -> Distribution.zipf(checkExponent(this.zipfExponent));
				case "uniform" -> Distribution.uniform();
				default -> throw new IllegalArgumentException(
						"unknown --distribution '" + this.distribution + "' (known: zipf, uniform)");
			};
			KeySequence keySequence = new KeySequence(generator, keyDistribution, runSeed, this.scatter);
			source = (index) -> new Object[] { keySequence.key(index) };
			total = (this.keys != null) ? this.keys : rowCount;
		}
		PipelineSettings settings = new PipelineSettings(total, batch, threadCount, buffer);
		PipelineStats stats = new PipelineStats(total);
		long started = System.nanoTime();
		String where;
		long errors;
		Map<String, Long> errorsByKind;
		try (Sink<?> sink = sink(targetName, entitySpec, generator, output)) {
			where = describeTarget(targetName, entitySpec, output);
			try (ProgressReporter progress = this.quiet ? null
					: new ProgressReporter(stats, this.err, this.terminal,
							Duration.ofMillis(
									Math.round(1000 * first(this.progressInterval, null, this.terminal ? 1.0 : 5.0))))
						.start()) {
				Pipeline.run(settings, source, sink, stats);
			}
			errors = sink.errors();
			errorsByKind = sink.errorsByKind();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		if (!this.quiet) {
			this.err.printf(Locale.ROOT, "datagen: %d %s to %s in %.2f s, %.0f rows/s, %d errors%s%n", stats.written(),
					targetName.equals("keys") ? "keys of " + generator.name() : generator.name() + " rows", where,
					seconds, stats.written() / Math.max(seconds, 1e-9), errors,
					errorsByKind.isEmpty() ? "" : " " + errorsByKind);
			this.err.printf(Locale.ROOT,
					"datagen: seed %d, %d threads, batches of %d, buffer %d batches (at most %d rows were ahead of the writer)%n",
					runSeed, threadCount, batch, buffer, stats.maxAhead());
		}
		return (errors > 0) ? 1 : 0;
	}

	private Sink<?> sink(String targetName, EntitySpec entitySpec, EntityGenerator generator, String output)
			throws Exception {
		switch (targetName) {
			case "csv":
				return new TextSink(TextSink.Format.CSV, generator.columns(), open(output), !output.equals("-"));
			case "ndjson":
				return new TextSink(TextSink.Format.NDJSON, generator.columns(), open(output), !output.equals("-"));
			case "keys":
				return new TextSink(TextSink.Format.LINES, List.of(generator.columns().get(0)), open(output),
						!output.equals("-"));
			case "postgres":
				return new PostgresSink(jdbcUrl(), this.dbUser, this.dbPassword,
						first(this.table, entitySpec.table(), null), generator.columns());
			default:
				if (this.concurrency < 1) {
					throw new IllegalArgumentException("--concurrency must be at least 1");
				}
				return new HttpSink(this.url, this.token, this.concurrency, Duration.ofSeconds(this.httpTimeoutSeconds),
						generator.columns());
		}
	}

	private OutputStream open(String output) throws IOException {
		if (output.equals("-")) {
			return new BufferedOutputStream(this.stdout, 1 << 16);
		}
		Path path = Path.of(output);
		if (path.toAbsolutePath().getParent() != null) {
			Files.createDirectories(path.toAbsolutePath().getParent());
		}
		return new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
	}

	private String jdbcUrl() {
		if (this.jdbcUrl != null) {
			return this.jdbcUrl;
		}
		Map<String, String> env = System.getenv();
		return "jdbc:postgresql://" + env.getOrDefault("POSTGRES_HOST", "127.0.0.1") + ":"
				+ env.getOrDefault("POSTGRES_PORT", "5432") + "/" + env.getOrDefault("POSTGRES_DB", "postgres");
	}

	private String describeTarget(String targetName, EntitySpec entitySpec, String output) {
		return switch (targetName) {
			case "postgres" -> "postgres " + first(this.table, entitySpec.table(), null) + " at " + jdbcUrl();
			case "http" -> "POST " + this.url;
			default -> targetName + " " + (output.equals("-") ? "stdout" : output);
		};
	}

	private static double checkExponent(double exponent) {
		if (!(exponent > 0)) {
			throw new IllegalArgumentException("--zipf-exponent must be positive, got " + exponent);
		}
		return exponent;
	}

	private static String describe(Throwable ex) {
		StringBuilder message = new StringBuilder(String.valueOf(ex.getMessage()));
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
				message.append(": ").append(cause.getMessage());
			}
		}
		return message.toString();
	}

	@SafeVarargs
	private static <T> T first(T... candidates) {
		for (T candidate : candidates) {
			if (candidate != null) {
				return candidate;
			}
		}
		return null;
	}

}
