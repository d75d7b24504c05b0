package io.cachegate.users.importing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Imports end to end in one instance: upload, workers of this context, status. Real
 * PostgreSQL and Redis.
 */
class ImportIntegrationTests extends ImportTestSupport {

	static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private static final String PROBLEMS = "https://cachegate.io/problems/";

	@Autowired
	DatabaseClient db;

	@Autowired
	ImportWorkers workers;

	@Autowired
	MeterRegistry meters;

	@Test
	void importsHundredThousandRowsWithExactCounts() {
		String prefix = unique();
		// One row of the file is already a user: a duplicate against the table.
		createUser(Map.of("username", prefix + "u3", "email", prefix + "u3@example.com", "firstName", "Ana", "lastName",
				"Silva", "birthDate", "1990-01-01"));
		int rows = 100_000;
		double invalidCounted = invalidRowsCounted();
		WebTestClient.ResponseSpec response = upload(CSV, ImportFiles.csv(prefix, rows), null).expectStatus()
			.isAccepted();
		Map<?, ?> accepted = response.expectBody(Map.class).returnResult().getResponseBody();
		String id = (String) accepted.get("importId");
		assertThat(accepted.get("statusUrl")).isEqualTo("/imports/" + id);
		response.expectHeader().valueEquals(HttpHeaders.LOCATION, "/imports/" + id);

		Map<String, Object> status = awaitFinished(id);
		int perKind = ImportFiles.invalidPerKind(rows);
		int duplicates = ImportFiles.duplicates(rows) + 1;
		assertThat(status.get("status")).isEqualTo("completed");
		assertThat(status.get("parts")).isEqualTo(Map.of("total", 10, "done", 10, "failed", 0));
		assertThat(status.get("rows")).isEqualTo(Map.of("read", rows, "processed", rows, "inserted",
				rows - 4 * perKind - duplicates, "duplicates", duplicates, "invalid", 4 * perKind));
		assertThat(status.get("invalidByReason")).isEqualTo(Map.of(ImportFiles.BAD_EMAIL, perKind, ImportFiles.FUTURE,
				perKind, ImportFiles.BAD_CPF, perKind, ImportFiles.MISSING_FIELD, perKind));
		assertThat(status.get("progressPercent")).isEqualTo(100.0);
		assertThat(invalidRowsCounted() - invalidCounted).isEqualTo(4.0 * perKind);
		List<Map<String, Object>> examples = list(status.get("examples"));
		assertThat(examples).hasSize(100);
		// Row 7 is the first invalid one; the header is line 1, so it is on line 9.
		assertThat(examples.get(0)).containsEntry("row", 9).containsEntry("reason", ImportFiles.BAD_EMAIL);
		// Row 507 comes after the city that spans two lines (row 500): one line further
		// down.
		assertThat(examples).anySatisfy((example) -> assertThat(example).containsEntry("row", 510)
			.containsEntry("reason", ImportFiles.BAD_EMAIL));
		assertThat(countUsers(prefix)).isEqualTo(rows - 4 * perKind - duplicates + 1);
		Map<String, Object> quoted = user(prefix + "u1501");
		assertThat(quoted).containsEntry("city", "Rio\nde Janeiro").containsEntry("lastName", "Silva \"Jr\"");
	}

	@Test
	void sameFileTwiceInsertsNothingTheSecondTime() {
		String prefix = unique();
		byte[] file = ImportFiles.csv(prefix, 1000);
		Map<String, Object> first = awaitFinished(acceptedId(upload(CSV, file, null)));
		Map<String, Object> second = awaitFinished(acceptedId(upload(CSV, file, null)));
		assertThat(first.get("importId")).isNotEqualTo(second.get("importId"));
		assertThat(rows(first)).containsEntry("inserted", 920).containsEntry("invalid", 80);
		assertThat(rows(second)).containsEntry("inserted", 0)
			.containsEntry("duplicates", 920)
			.containsEntry("invalid", 80);
		assertThat(countUsers(prefix)).isEqualTo(920);
	}

	@Test
	void idempotencyKeyReturnsTheSameImport() {
		String prefix = unique();
		byte[] file = ImportFiles.validCsv(prefix, 500);
		String key = UUID.randomUUID().toString();
		String id = acceptedId(upload(CSV, file, key));
		awaitFinished(id);
		WebTestClient.ResponseSpec retry = upload(CSV, file, key).expectStatus().isOk();
		retry.expectHeader().valueEquals(HttpHeaders.LOCATION, "/imports/" + id);
		retry.expectHeader().valueEquals("Idempotent-Replayed", "true");
		retry.expectBody().jsonPath("$.importId").isEqualTo(id).jsonPath("$.statusUrl").isEqualTo("/imports/" + id);
		assertThat(rows(awaitFinished(id))).containsEntry("inserted", 500);
		assertThat(countUsers(prefix)).isEqualTo(500);
		// Another key is another import (nothing new to insert, all duplicates).
		String other = acceptedId(upload(CSV, file, UUID.randomUUID().toString()));
		assertThat(other).isNotEqualTo(id);
		assertThat(rows(awaitFinished(other))).containsEntry("inserted", 0).containsEntry("duplicates", 500);
	}

	@Test
	void rejectsHeaderWithUnknownOrMissingColumns() {
		byte[] file = "username,mail,firstName,lastName,nickname\nana,ana@example.com,Ana,Silva,a\n"
			.getBytes(StandardCharsets.UTF_8);
		upload(CSV, file, null).expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "invalid-request")
			.jsonPath("$.unknownColumns[0]")
			.isEqualTo("mail")
			.jsonPath("$.unknownColumns[1]")
			.isEqualTo("nickname")
			.jsonPath("$.missingColumns[0]")
			.isEqualTo("email")
			.jsonPath("$.missingColumns[1]")
			.isEqualTo("birthDate")
			.jsonPath("$.errors[0].field")
			.isEqualTo("mail");
		assertNoImportLeft();
	}

	@Test
	void rejectsBinaryFile() {
		byte[] file = new byte[4096];
		for (int i = 0; i < file.length; i++) {
			file[i] = (byte) (i * 31);
		}
		upload(CSV, file, null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "malformed-request")
			.jsonPath("$.detail")
			.value((detail) -> assertThat((String) detail).contains("binary"));
	}

	@Test
	void rejectsFileThatIsNotUtf8() {
		byte[] file = (ImportFiles.HEADER + "\n1,ana,ana@example.com,Ana,Silva,1990-01-01,,,S\u00e3o Paulo\n")
			.getBytes(StandardCharsets.ISO_8859_1);
		upload(CSV, file, null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The file is not UTF-8 text (line 2)")
			.jsonPath("$.line")
			.isEqualTo(2);
		assertNoImportLeft();
	}

	@Test
	void rejectsEmptyFileAndFileWithoutRows() {
		upload(CSV, new byte[0], null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The file is empty; send a header row and at least one row");
		upload(CSV, "\n\r\n  \n".getBytes(StandardCharsets.UTF_8), null).expectStatus().isBadRequest();
		upload(CSV, (ImportFiles.HEADER + "\n\n\n").getBytes(StandardCharsets.UTF_8), null).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("The file has a header row but no data rows");
		assertNoImportLeft();
	}

	@Test
	void trailingEmptyLinesMakeNoEmptyPart() {
		String prefix = unique();
		// Exactly one part's worth of rows, then blank lines (CRLF too): one part, not a
		// second empty one.
		byte[] rows = ImportFiles.validCsv(prefix, 10_000);
		byte[] file = new byte[rows.length + 6];
		System.arraycopy(rows, 0, file, 0, rows.length);
		System.arraycopy("\n\r\n\n\n".getBytes(StandardCharsets.UTF_8), 0, file, rows.length, 5);
		file[file.length - 1] = '\n';
		Map<String, Object> status = awaitFinished(acceptedId(upload(CSV, file, null)));
		assertThat(status.get("parts")).isEqualTo(Map.of("total", 1, "done", 1, "failed", 0));
		assertThat(rows(status)).containsEntry("read", 10_000).containsEntry("inserted", 10_000);
	}

	@Test
	void importsNdjson() {
		String prefix = unique();
		String file = "{\"username\":\"" + prefix + "a\",\"email\":\"" + prefix
				+ "a@example.com\",\"firstName\":\"Ana\",\"lastName\":\"Silva\",\"birthDate\":\"1990-05-17\","
				+ "\"taxId\":null,\"city\":\"Recife\"}\n" + "{\"username\":\"" + prefix + "b\",\"email\":\"" + prefix
				+ "b@example.com\",\"firstName\":\"Bia\",\"lastName\":\"Lima\",\"birthDate\":\"1991-02-29\"}\n"
				+ "[1,2]\n" + "{\"username\":\"" + prefix + "c\",\"email\":\"" + prefix
				+ "c@example.com\",\"firstName\":\"Caio\",\"lastName\":\"Reis\",\"birthDate\":\"1992-03-01\","
				+ "\"nickname\":\"c\"}\n{not json\n";
		Map<String, Object> status = awaitFinished(
				acceptedId(upload(NDJSON, file.getBytes(StandardCharsets.UTF_8), null)));
		assertThat(rows(status)).containsEntry("read", 5).containsEntry("inserted", 1).containsEntry("invalid", 4);
		assertThat(status.get("invalidByReason")).isEqualTo(Map.of("birthDate: must be a real date written yyyy-MM-dd",
				1, "row: must be a JSON object", 1, "nickname: is not a user field", 1, "row: is not valid JSON", 1));
		assertThat(status.get("format")).isEqualTo("ndjson");
		assertThat(user(prefix + "a")).containsEntry("city", "Recife");
	}

	@Test
	void importsMultipartFile() {
		String prefix = unique();
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("note", "ignored");
		form.part("file", new ByteArrayResource(ImportFiles.validCsv(prefix, 300)) {

			@Override
			public String getFilename() {
				return "people.csv";
			}

		}).contentType(MediaType.APPLICATION_OCTET_STREAM);
		String id = as("ADMIN").post()
			.uri("/users/import")
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("importId")
			.toString();
		Map<String, Object> status = awaitFinished(id);
		assertThat(status.get("fileName")).isEqualTo("people.csv");
		assertThat(rows(status)).containsEntry("inserted", 300);
	}

	@Test
	void multipartWithoutFilePartIsRefused() {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("other", "x");
		as("MANAGER").post()
			.uri("/users/import")
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("file");
	}

	@Test
	void otherMediaTypesGet415() {
		as("MANAGER").post()
			.uri("/users/import")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void userRoleMayNeitherImportNorReadImports() {
		as("USER").post()
			.uri("/users/import")
			.contentType(CSV)
			.bodyValue(ImportFiles.validCsv(unique(), 1))
			.exchange()
			.expectStatus()
			.isForbidden();
		as("USER").get().uri("/imports").exchange().expectStatus().isForbidden();
		as("USER").get().uri("/imports/" + UUID.randomUUID()).exchange().expectStatus().isForbidden();
		this.client.get().uri("/imports").exchange().expectStatus().isUnauthorized();
	}

	@Test
	void unknownImportIs404() {
		as("MANAGER").get()
			.uri("/imports/" + UUID.randomUUID())
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo(PROBLEMS + "not-found");
		as("MANAGER").get().uri("/imports/not-a-uuid").exchange().expectStatus().isNotFound();
	}

	@Test
	void listsRecentImportsNewestFirst() {
		String first = acceptedId(upload(CSV, ImportFiles.validCsv(unique(), 5), null));
		String second = acceptedId(upload(CSV, ImportFiles.validCsv(unique(), 5), null));
		as("MANAGER").get()
			.uri("/imports?size=2")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody()
			.jsonPath("$.items[0].importId")
			.isEqualTo(second)
			.jsonPath("$.items[1].importId")
			.isEqualTo(first)
			.jsonPath("$.size")
			.isEqualTo(2);
		as("MANAGER").get().uri("/imports?size=0").exchange().expectStatus().isBadRequest();
	}

	@Test
	void statusIsNotCachedWhileRunningAndBrieflyWhenFinished() {
		String id = acceptedId(upload(CSV, ImportFiles.validCsv(unique(), 5), null));
		awaitFinished(id);
		as("MANAGER").get()
			.uri("/imports/" + id)
			.exchange()
			.expectHeader()
			.valueEquals("Cachegate-Cache-Control", "max-age=5")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-store");
	}

	@Test
	void partThatKeepsFailingGoesToTheDeadLetterStream() {
		this.workers.stop();
		String id;
		try {
			id = acceptedId(upload(CSV, ImportFiles.validCsv(unique(), 10), null));
			// Break the stored part so that every attempt fails.
			this.db.sql("update users.imports set format = 'BROKEN' where id = :id")
				.bind("id", UUID.fromString(id))
				.then()
				.block(Duration.ofSeconds(5));
		}
		finally {
			this.workers.start();
		}
		Map<String, Object> status = awaitFinished(id, Duration.ofSeconds(40));
		assertThat(status.get("status")).isEqualTo("failed");
		assertThat(status.get("parts")).isEqualTo(Map.of("total", 1, "done", 0, "failed", 1));
		assertThat(list(status.get("failedParts"))).singleElement()
			.satisfies((part) -> assertThat((String) part.get("reason")).contains("BROKEN"));
	}

	double invalidRowsCounted() {
		return this.meters.counter(ImportWorkers.ROWS, "outcome", "invalid").count();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> list(Object value) {
		return (List<Map<String, Object>>) value;
	}

	long countUsers(String prefix) {
		return this.db.sql("select count(*) as n from users.users where username like :prefix")
			.bind("prefix", prefix + "%")
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(5));
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> user(String username) {
		Map<String, Object> page = as("USER").get()
			.uri("/users?q=" + username)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
		return items.stream().filter((user) -> username.equals(user.get("username"))).findFirst().orElseThrow();
	}

	void assertNoImportLeft() {
		long receiving = this.db.sql("select count(*) as n from users.imports where status = 'receiving'")
			.map((row) -> row.get("n", Long.class))
			.one()
			.block(Duration.ofSeconds(5));
		assertThat(receiving).isZero();
	}

}
