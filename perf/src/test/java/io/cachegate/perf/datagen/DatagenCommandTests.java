package io.cachegate.perf.datagen;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import io.cachegate.perf.datagen.generator.Cpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DatagenCommandTests {

	static final String USERS = "schemas/users.toml";

	@TempDir
	Path directory;

	/** Runs the command in-process; returns exit code, and stderr in {@link Run#err}. */
	static Run run(String... args) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int code = DatagenCommand
			.commandLine(new DatagenCommand(new PrintStream(err, true, StandardCharsets.UTF_8), out, false))
			.execute(args);
		return new Run(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
	}

	record Run(int code, String err, String out) {
	}

	@Test
	void sameSeedGivesByteIdenticalOutputWhateverTheBatchSizeAndThreads() throws Exception {
		String reference = null;
		for (String[] cut : List.of(new String[] { "1000", "1", "2" }, new String[] { "7", "4", "3" },
				new String[] { "4096", "2", "64" }, new String[] { "1", "3", "5" })) {
			Path file = this.directory.resolve("users-" + String.join("-", cut) + ".csv");
			Run run = run("--schema", USERS, "--rows", "20000", "--seed", "11", "--target", "csv", "--out",
					file.toString(), "--batch-size", cut[0], "--threads", cut[1], "--buffer-size", cut[2], "--quiet");
			assertThat(run.code()).as(run.err()).isZero();
			String hash = sha256(file);
			if (reference == null) {
				reference = hash;
			}
			assertThat(hash).as("batch %s, threads %s, buffer %s", (Object[]) cut).isEqualTo(reference);
		}
		Path otherSeed = this.directory.resolve("other.csv");
		run("--schema", USERS, "--rows", "20000", "--seed", "12", "--out", otherSeed.toString(), "--quiet");
		assertThat(sha256(otherSeed)).isNotEqualTo(reference);
	}

	@Test
	void csvHasTheUserServiceHeaderAndValidRows() throws IOException {
		Path file = this.directory.resolve("users.csv");
		Run run = run("--schema", USERS, "--rows", "5000", "--target", "csv", "--out", file.toString());
		assertThat(run.code()).as(run.err()).isZero();
		assertThat(run.err()).contains("datagen: 5000 users rows to csv").contains("0 errors");
		List<String> lines = Files.readAllLines(file);
		assertThat(lines).hasSize(5001);
		assertThat(lines.get(0)).isEqualTo("id,username,email,firstName,lastName,birthDate,taxId,phone,city");
		assertThat(lines.get(1)).startsWith("1,");
		assertThat(lines.get(5000)).startsWith("5000,");
		long withTaxId = lines.stream()
			.skip(1)
			.map((line) -> line.split(",", -1)[6])
			.filter((cpf) -> !cpf.isEmpty())
			.peek((cpf) -> assertThat(Cpf.isValid(cpf)).as(cpf).isTrue())
			.count();
		assertThat(withTaxId / 5000.0).isCloseTo(0.95, within(0.015));
	}

	@Test
	void ndjsonWritesOneUserDocumentPerLineToStdout() {
		Run run = run("--schema", USERS, "--rows", "300", "--target", "ndjson", "--out", "-", "--seed", "5");
		assertThat(run.code()).as(run.err()).isZero();
		ObjectMapper json = JsonMapper.builder().build();
		String[] lines = run.out().split("\n");
		assertThat(lines).hasSize(300);
		JsonNode first = json.readTree(lines[0]);
		assertThat(first.propertyNames()).containsExactly("id", "username", "email", "firstName", "lastName",
				"birthDate", "taxId", "phone", "city");
		assertThat(first.get("id").isNumber()).isTrue();
		assertThat(first.get("email").asString()).matches("[a-z0-9]+\\.[a-z0-9]+\\.1@example\\.com");
		assertThat(first.get("birthDate").asString()).matches("\\d{4}-\\d{2}-\\d{2}");
		for (String line : lines) {
			assertThat(json.readTree(line).get("username").asString()).matches("[a-z0-9._-]{3,64}");
		}
	}

	@Test
	void keysAreReproducibleIdsOfTheGeneratedUsersWithZipfHotKeys() throws IOException {
		Path keys = this.directory.resolve("keys.txt");
		Run run = run("--schema", USERS, "--rows", "10000", "--target", "keys", "--keys", "100000", "--out",
				keys.toString(), "--threads", "2");
		assertThat(run.code()).as(run.err()).isZero();
		List<String> lines = Files.readAllLines(keys);
		assertThat(lines).hasSize(100_000);
		Map<Long, Integer> counts = new HashMap<>();
		for (String line : lines) {
			long id = Long.parseLong(line);
			assertThat(id).isBetween(1L, 10_000L);
			counts.merge(id, 1, Integer::sum);
		}
		List<Integer> frequencies = counts.values().stream().sorted((a, b) -> b - a).toList();
		// Zipf with s = 1 over 10,000 keys: the hottest key takes 1/H(10000) ~ 10.3% of
		// requests.
		assertThat(frequencies.get(0) / 100_000.0).isCloseTo(0.1020, within(0.005));
		assertThat(frequencies.get(0) / (double) frequencies.get(9)).isCloseTo(10, within(1.5));
		// Scattered: the hottest key is not simply id 1.
		assertThat(counts.get(1L)).isLessThan(frequencies.get(0));

		Path again = this.directory.resolve("again.txt");
		run("--schema", USERS, "--rows", "10000", "--target", "keys", "--keys", "100000", "--out", again.toString(),
				"--threads", "1", "--batch-size", "333", "--quiet");
		assertThat(sha256(again)).isEqualTo(sha256(keys));
	}

	@Test
	void uniformKeysSpreadEvenly() throws IOException {
		Path keys = this.directory.resolve("uniform.txt");
		Run run = run("--schema", USERS, "--rows", "10", "--target", "keys", "--keys", "50000", "--distribution",
				"uniform", "--out", keys.toString());
		assertThat(run.code()).as(run.err()).isZero();
		Map<String, Integer> counts = new HashMap<>();
		Files.readAllLines(keys).forEach((line) -> counts.merge(line, 1, Integer::sum));
		assertThat(counts).hasSize(10);
		assertThat(counts.values()).allSatisfy((count) -> assertThat(count / 50_000.0).isCloseTo(0.1, within(0.01)));
	}

	@Test
	void theImportSchemaProducesItsShareOfInvalidRows() throws IOException {
		Path file = this.directory.resolve("import.csv");
		Run run = run("--schema", "schemas/users-import.toml", "--rows", "20000", "--out", file.toString(), "--quiet");
		assertThat(run.code()).as(run.err()).isZero();
		List<String[]> rows = Files.readAllLines(file).stream().skip(1).map((line) -> line.split(",", -1)).toList();
		long badCpf = rows.stream().filter((row) -> !row[6].isEmpty() && !Cpf.isValid(row[6])).count();
		long badEmail = rows.stream().filter((row) -> !row[2].contains("@")).count();
		long future = rows.stream().filter((row) -> row[5].compareTo("2025-01-01") > 0).count();
		long duplicateUsernames = rows.size() - rows.stream().map((row) -> row[1]).distinct().count();
		assertThat(badCpf / 20_000.0).isCloseTo(0.95 * 0.05, within(0.006));
		assertThat(badEmail / 20_000.0).isCloseTo(0.03, within(0.006));
		assertThat(future / 20_000.0).isCloseTo(0.02, within(0.005));
		assertThat(duplicateUsernames / 20_000.0).isCloseTo(0.02, within(0.005));
	}

	@Test
	void schemaErrorsExitWith2AndNameTheLine() throws IOException {
		Path schema = this.directory.resolve("bad.toml");
		Files.writeString(schema, """
				[entities.users.fields.id]
				generator = "sequence"

				[entities.users.fields.age]
				generator = "int"
				min = 0
				max = 200
				distribution = "gaussian"
				""");
		Run run = run("--schema", schema.toString(), "--rows", "10");
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("bad.toml:8: unknown distribution 'gaussian'");
	}

	@Test
	void validateChecksTheSchemaWithoutGenerating() {
		Run run = run("--schema", USERS, "--validate");
		assertThat(run.code()).isZero();
		assertThat(run.err()).contains("is valid")
			.contains("id,username,email,firstName,lastName,birthDate,taxId,phone,city");
		assertThat(run.out()).isEmpty();
	}

	@Test
	void helpExplainsEveryOption() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		var line = DatagenCommand.commandLine(new DatagenCommand(System.err, out, false));
		line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
		assertThat(line.execute("--help")).isZero();
		String help = out.toString(StandardCharsets.UTF_8);
		for (String option : List.of("--schema", "--rows", "--seed", "--target", "--out", "--entity", "--batch-size",
				"--threads", "--buffer-size", "--jdbc-url", "--db-user", "--db-password", "--table", "--url", "--token",
				"--concurrency", "--http-timeout", "--keys", "--distribution", "--zipf-exponent", "--[no-]scatter",
				"--progress-interval", "--quiet", "--validate")) {
			assertThat(help).contains(option);
		}
	}

	@Test
	void aMissingSchemaFileIsABadOption() {
		Run run = run("--schema", this.directory.resolve("Genfile.toml").toString(), "--rows", "1");
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("Genfile.toml: no such schema file");
	}

	@Test
	void unknownTargetIsABadOption() {
		Run run = run("--schema", USERS, "--rows", "1", "--target", "excel");
		assertThat(run.code()).isEqualTo(2);
		assertThat(run.err()).contains("unknown target 'excel'");
	}

	static String sha256(Path file) throws IOException {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
