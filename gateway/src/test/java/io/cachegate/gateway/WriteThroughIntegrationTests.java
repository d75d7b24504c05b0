package io.cachegate.gateway;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import io.cachegate.gateway.testsupport.FakeUsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Writes invalidate what they change and write the new representation through; reads
 * never bring old data back.
 */
class WriteThroughIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void putWritesTheNewRepresentationThroughSoTheNextGetIsAHit() {
		long id = USERS.create("before");
		String token = bearer("MANAGER");
		cacheUser(id, token);
		client().put()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"after\"}")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Cache-Status", "cachegate; fwd=method; detail=stored")
			.expectHeader()
			.doesNotExist("Cache-Tag");
		client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectHeader()
			.valueEquals("ETag", "\"1\"")
			.expectBody(String.class)
			.isEqualTo("{\"id\":" + id + ",\"name\":\"after\",\"version\":1}");
		assertThat(ORIGIN.calls("GET", "/users/" + id)).isEqualTo(1);
	}

	@Test
	void postWritesTheCreatedRepresentationThrough() {
		String token = bearer("MANAGER");
		EntityExchangeResult<byte[]> created = client().post()
			.uri("/users")
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"new\"}")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody()
			.returnResult();
		String location = created.getResponseHeaders().getFirst(HttpHeaders.LOCATION);
		client().get()
			.uri(location)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("new");
		assertThat(ORIGIN.calls("GET", location)).isZero();
	}

	@Test
	void writeInvalidatesListsThatNameItsTags() {
		String token = bearer("MANAGER");
		client().get()
			.uri(FakeUsers.listPath())
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isOk();
		client().get()
			.uri(FakeUsers.listPath())
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
		long id = USERS.create("listed");
		client().put()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"listed-2\"}")
			.exchange()
			.expectStatus()
			.isOk();
		client().get()
			.uri(FakeUsers.listPath())
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "MISS")
			.expectBody(String.class)
			.value(body -> assertThat(body).contains("listed-2"));
	}

	@Test
	void deleteThenGetIs404NeverAStale200() {
		long id = USERS.create("doomed");
		String token = bearer("ADMIN");
		cacheUser(id, token);
		client().delete()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isNoContent();
		for (int i = 0; i < 3; i++) {
			client().get()
				.uri("/users/" + id)
				.header(HttpHeaders.AUTHORIZATION, token)
				.exchange()
				.expectStatus()
				.isNotFound();
		}
	}

	@Test
	void readThatRacedAWriteNeverPutsTheOldValueBack() throws Exception {
		long id = USERS.create("old");
		String token = bearer("MANAGER");
		Sinks.Empty<Void> release = Sinks.empty();
		USERS.holdNextRead(id, release.asMono());
		// 1. A read reaches the origin and reads "old", and its answer is held there.
		CompletableFuture<String> heldRead = readInBackground(id, token);
		await().until(() -> ORIGIN.calls("GET", "/users/" + id) == 1);
		// 2. A write goes through the gateway meanwhile.
		client().put()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"new\"}")
			.exchange()
			.expectStatus()
			.isOk();
		// 3. The old answer arrives at the gateway after the write's invalidation.
		release.tryEmitEmpty();
		assertThat(heldRead.get()).contains("\"old\"");
		// 4. No read may ever see "old" again.
		for (int i = 0; i < 5; i++) {
			client().get()
				.uri("/users/" + id)
				.header(HttpHeaders.AUTHORIZATION, token)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.value(body -> assertThat(body).contains("\"new\"").doesNotContain("\"old\""));
		}
	}

	@Test
	void aReadSentAfterAWriteWasAcknowledgedNeverGetsTheAnswerOfAReadThatBeganBeforeIt() throws Exception {
		long id = USERS.create("before-the-write");
		String reader = bearer("USER");
		Sinks.Empty<Void> release = Sinks.empty();
		USERS.holdNextRead(id, release.asMono());
		// 1. A USER's read misses and leads the flight for its key; the origin read
		// "before-the-write" and is held.
		CompletableFuture<String> early = readInBackground(id, reader);
		await().until(() -> ORIGIN.calls("GET", "/users/" + id) == 1);
		// 2. A MANAGER's write is acknowledged (written through for MANAGER only, so the
		// USER key still misses).
		client().put()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, bearer("MANAGER"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"after-the-write\"}")
			.exchange()
			.expectStatus()
			.isOk();
		// 3. Another USER read, sent after the acknowledgement, misses on the same key
		// while the early flight is open.
		CompletableFuture<String> late = readInBackground(id, reader);
		Thread.sleep(300);
		release.tryEmitEmpty();
		assertThat(early.get()).contains("before-the-write");
		// 4. It must not be served the early read's answer: it goes to the origin itself.
		assertThat(late.get()).contains("after-the-write");
		assertThat(ORIGIN.calls("GET", "/users/" + id)).isEqualTo(2);
	}

	/** GET /users/{id} on another thread; its body once answered. */
	private CompletableFuture<String> readInBackground(long id, String token) {
		return CompletableFuture.supplyAsync(() -> client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
	}

	@Test
	void readThatRacedADeleteNeverBringsTheDeletedUserBack() throws Exception {
		long id = USERS.create("deleted-while-read");
		String token = bearer("ADMIN");
		Sinks.Empty<Void> release = Sinks.empty();
		USERS.holdNextRead(id, release.asMono());
		CompletableFuture<Integer> heldRead = CompletableFuture.supplyAsync(() -> client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectBody()
			.returnResult()
			.getStatus()
			.value());
		await().until(() -> ORIGIN.calls("GET", "/users/" + id) == 1);
		client().delete()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectStatus()
			.isNoContent();
		release.tryEmitEmpty();
		assertThat(heldRead.get()).isEqualTo(200);
		for (int i = 0; i < 3; i++) {
			client().get()
				.uri("/users/" + id)
				.header(HttpHeaders.AUTHORIZATION, token)
				.exchange()
				.expectStatus()
				.isNotFound();
		}
	}

	@Test
	void failedWritesInvalidateNothing() {
		long id = USERS.create("kept");
		String token = bearer("MANAGER");
		cacheUser(id, token);
		client().put()
			.uri("/users/999999999")
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\":\"x\"}")
			.exchange()
			.expectStatus()
			.isNotFound();
		client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
	}

	private void cacheUser(long id, String token) {
		client().get().uri("/users/" + id).header(HttpHeaders.AUTHORIZATION, token).exchange().expectStatus().isOk();
		client().get()
			.uri("/users/" + id)
			.header(HttpHeaders.AUTHORIZATION, token)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
	}

}
