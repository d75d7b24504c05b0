package io.cachegate.stack;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeds demo users through the data generator ({@code perf/datagen}, schema
 * {@code perf/schemas/users.toml}): each row POSTed to user-service as a new user, so
 * ids, validation, versions and change events are those of any user. Skipped when
 * user-service already has that many users, so a second {@code ./run --demo} starts at
 * once and adds nobody twice.
 *
 * @param generator the command that runs the data generator, before its options (for
 * example {@code java -jar perf/target/datagen.jar})
 * @param schema the schema file the generator reads
 * @param output where the generator's progress and summary go
 */
public record DemoUsers(List<String> generator, Path schema, Redirect output) {

	/** How many users user-service's list counts at most ({@code total}). */
	static final long COUNTED_AT_MOST = 10_001;

	private static final Pattern TOTAL = Pattern.compile("\"total\"\\s*:\\s*(\\d+)");

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	/** Runs of the generator at most, when rows are still missing after one. */
	static final int RUNS = 2;

	public DemoUsers {
		generator = List.copyOf(generator);
	}

	/** The generator as {@code ./run} builds it: {@code perf/target/datagen.jar}. */
	public static DemoUsers ofRepository(Path home) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		return new DemoUsers(List.of(java, "-jar", home.resolve("perf/target/datagen.jar").toString()),
				home.resolve("perf/schemas/users.toml"), Redirect.INHERIT);
	}

	/** What seeding did. */
	public enum Result {

		/** user-service had that many users already; nothing was generated. */
		ALREADY_SEEDED,

		/** The generator ran and user-service now has that many users. */
		SEEDED,

		/**
		 * user-service still has fewer users after the generator's runs (their summaries
		 * say why).
		 */
		INCOMPLETE

	}

	/**
	 * Seeds {@code users} users at user-service ({@code usersBaseUrl}, e.g.
	 * {@code http://127.0.0.1:8082}) as the caller of {@code token} (a MANAGER or ADMIN
	 * JWT, without {@code Bearer}), unless it has that many already. The generator makes
	 * the same rows on every run (same schema, same seed), so a second run adds the rows
	 * a first one did not create (a timeout, an earlier, smaller {@code --demo}) and the
	 * service refuses the others as duplicates; it runs at most {@value #RUNS} times.
	 */
	public Result seed(int users, String usersBaseUrl, String token) throws IOException, InterruptedException {
		long wanted = Math.min(users, COUNTED_AT_MOST);
		if (count(usersBaseUrl, token) >= wanted) {
			return Result.ALREADY_SEEDED;
		}
		for (int run = 1; run <= RUNS; run++) {
			generate(users, usersBaseUrl, token);
			if (count(usersBaseUrl, token) >= wanted) {
				return Result.SEEDED;
			}
		}
		return Result.INCOMPLETE;
	}

	private void generate(int users, String usersBaseUrl, String token) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(generator);
		command.addAll(List.of("--schema", schema.toString(), "--rows", Integer.toString(users), "--target", "http",
				"--url", usersBaseUrl + "/users", "--concurrency", "8", "--progress-interval", "5"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output);
		// The token in the environment, not on the command line where ps shows it.
		builder.environment().put("DATAGEN_TOKEN", token);
		// Its exit status says whether any row was refused; the count afterwards is what
		// matters.
		builder.start().waitFor();
	}

	/**
	 * How many users user-service has, as its list counts them (up to
	 * {@link #COUNTED_AT_MOST}).
	 */
	static long count(String usersBaseUrl, String token) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(usersBaseUrl + "/users?page=0&size=1"))
			.timeout(TIMEOUT)
			.header("Authorization", "Bearer " + token)
			.GET()
			.build();
		HttpResponse<String> response = HttpClient.newBuilder()
			.connectTimeout(TIMEOUT)
			.build()
			.send(request, HttpResponse.BodyHandlers.ofString());
		Matcher total = TOTAL.matcher(response.body());
		if (response.statusCode() != 200 || !total.find()) {
			throw new IOException(
					"user-service answered GET /users with " + response.statusCode() + ": " + response.body());
		}
		return Long.parseLong(total.group(1));
	}

}
