package io.cachegate.users.importing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.BodyInserters;

import io.cachegate.users.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one upload may take: its total size (413 past {@code max-upload-size}) and the
 * bytes one part holds ({@code max-part-bytes}, besides {@code part-size} rows); and the
 * service answering reads while an upload streams.
 */
@TestPropertySource(properties = { "cachegate.import.max-upload-size=1MB", "cachegate.import.max-part-bytes=64KB" })
class ImportLimitsIntegrationTests extends IntegrationTestBase {

	private static final MediaType CSV = MediaType.parseMediaType("text/csv");

	@Test
	void anUploadOverTheLimitIsRefusedWith413ProblemJson() {
		byte[] file = ImportFiles.validCsv(unique(), 14_000);
		assertThat(file.length).isGreaterThan(1024 * 1024);
		as("MANAGER").post()
			.uri("/users/import")
			.contentType(CSV)
			.bodyValue(file)
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/payload-too-large")
			.jsonPath("$.maxBytes")
			.isEqualTo(1024 * 1024);
	}

	@Test
	void aPartIsCutAtItsByteBoundBeforeItsRowCount() {
		// About 220 KB of rows: one part by row count (10,000), four by bytes (64 KB
		// each).
		byte[] file = ImportFiles.validCsv(unique(), 2_000);
		String id = (String) as("MANAGER").post()
			.uri("/users/import")
			.contentType(CSV)
			.bodyValue(file)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("importId");
		Map<?, ?> status = await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> as("MANAGER").get()
				.uri("/imports/" + id)
				.exchange()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody(), (s) -> "completed".equals(s.get("status")));
		assertThat(status.get("parts")).isEqualTo(Map.of("total", 4, "done", 4, "failed", 0));
		assertThat(((Map<?, ?>) status.get("rows")).get("inserted")).isEqualTo(2_000);
	}

	@Test
	void readsAreAnsweredWhileAnUploadStreams() throws Exception {
		long id = idOf(createUser(validUser(unique() + "r")));
		byte[] file = ImportFiles.validCsv(unique(), 5_000);
		Sinks.Empty<Void> rest = Sinks.empty();
		Flux<DataBuffer> body = Flux.concat(Flux.just(chunk(file, 0, file.length / 2)),
				rest.asMono().cast(DataBuffer.class),
				Flux.defer(() -> Flux.just(chunk(file, file.length / 2, file.length))));
		CompletableFuture<Integer> upload = CompletableFuture.supplyAsync(() -> as("MANAGER").post()
			.uri("/users/import")
			.contentType(CSV)
			.body(BodyInserters.fromDataBuffers(body))
			.exchange()
			.returnResult(Void.class)
			.getStatus()
			.value());
		for (int i = 0; i < 5; i++) {
			as("USER").get().uri("/users/" + id).exchange().expectStatus().isOk();
		}
		assertThat(upload).isNotDone();
		rest.tryEmitEmpty();
		assertThat(upload.get()).isEqualTo(202);
	}

	private static DataBuffer chunk(byte[] file, int from, int to) {
		return DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(file, from, to));
	}

}
