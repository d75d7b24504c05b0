package io.cachegate.users.importing;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.users.support.IntegrationTestBase;

import static org.awaitility.Awaitility.await;

/** Uploading a file and waiting for its import, as a MANAGER, through the API. */
abstract class ImportTestSupport extends IntegrationTestBase {

	static final MediaType CSV = MediaType.parseMediaType("text/csv");

	WebTestClient.ResponseSpec upload(MediaType type, byte[] body, String idempotencyKey) {
		return as("MANAGER").post().uri("/users/import").contentType(type).headers((headers) -> {
			if (idempotencyKey != null) {
				headers.set("Idempotency-Key", idempotencyKey);
			}
		}).bodyValue(body).exchange();
	}

	String acceptedId(WebTestClient.ResponseSpec response) {
		return response.expectStatus()
			.isAccepted()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("importId")
			.toString();
	}

	Map<String, Object> awaitFinished(String id) {
		return awaitFinished(id, Duration.ofSeconds(60));
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> awaitFinished(String id, Duration timeout) {
		return await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
			Map<String, Object> status = as("MANAGER").get()
				.uri("/imports/" + id)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			return status;
		}, (status) -> "completed".equals(status.get("status")) || "failed".equals(status.get("status")));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> rows(Map<String, Object> status) {
		return (Map<String, Object>) status.get("rows");
	}

}
