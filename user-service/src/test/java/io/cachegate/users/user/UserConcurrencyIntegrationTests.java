package io.cachegate.users.user;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.users.support.IntegrationTestBase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Races that a check-then-write would lose: the database decides (unique index,
 * {@code UPDATE ... WHERE version}).
 */
class UserConcurrencyIntegrationTests extends IntegrationTestBase {

	private static final int RACERS = 8;

	@Test
	void ofConcurrentReplacesFromTheSameVersionExactlyOneWins() {
		String name = unique();
		long id = idOf(createUser(validUser(name)));
		WebTestClient manager = as("MANAGER");
		List<Integer> statuses = race((i) -> {
			Map<String, Object> body = new HashMap<>(validUser(name));
			body.put("city", "City " + i);
			return manager.put()
				.uri("/users/{id}", id)
				.header(HttpHeaders.IF_MATCH, "\"0\"")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
		});
		assertThat(statuses).containsOnly(200, 412);
		assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
		as("USER").get().uri("/users/{id}", id).exchange().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
	}

	@Test
	void ofConcurrentCreatesWithTheSameUsernameExactlyOneWinsAndTheOthersConflict() {
		String name = unique();
		WebTestClient manager = as("MANAGER");
		List<Integer> statuses = race((i) -> {
			Map<String, Object> body = new HashMap<>(validUser(name));
			body.put("email", unique() + "@example.com");
			return manager.post()
				.uri("/users")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
		});
		assertThat(statuses).containsOnly(201, 409);
		assertThat(statuses).filteredOn((status) -> status == 201).hasSize(1);
	}

	private static List<Integer> race(java.util.function.IntFunction<Integer> request) {
		// Blocking WebTestClient calls on parallel threads: all in flight at once against
		// the real server.
		return Flux.range(0, RACERS)
			.parallel(RACERS)
			.runOn(reactor.core.scheduler.Schedulers.boundedElastic())
			.map(request::apply)
			.sequential()
			.collectList()
			.block(Duration.ofSeconds(60));
	}

}
