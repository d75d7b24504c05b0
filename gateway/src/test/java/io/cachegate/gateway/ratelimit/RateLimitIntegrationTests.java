package io.cachegate.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import io.cachegate.gateway.GatewayIntegrationTestSupport;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-caller limit on what reaches a service. Each request costs the whole bucket,
 * which refills in a minute, so "the second request within a minute is refused" holds
 * however slow the machine is.
 */
@TestPropertySource(properties = { "cachegate.rate-limit.replenish-rate=1", "cachegate.rate-limit.burst-capacity=60",
		"cachegate.rate-limit.requested-tokens=60" })
class RateLimitIntegrationTests extends GatewayIntegrationTestSupport {

	private static String caller(String name) {
		return "Bearer " + TOKENS.token("USER", b -> b.subject(name + "-" + System.nanoTime()));
	}

	@Test
	void aCallerOverItsLimitGets429ProblemJsonWithRetryAfterAndTheServiceIsNotCalled() {
		String alice = caller("alice");
		String first = unique("/users/rl");
		String second = unique("/users/rl");
		ORIGIN.on("GET", first, r -> Reply.of(200, "{}").header("Content-Type", "application/json"));
		ORIGIN.on("GET", second, r -> Reply.of(200, "{}").header("Content-Type", "application/json"));
		client().get().uri(first).header(HttpHeaders.AUTHORIZATION, alice).exchange().expectStatus().isOk();
		client().get()
			.uri(second)
			.header(HttpHeaders.AUTHORIZATION, alice)
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "60")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://cachegate.io/problems/too-many-requests")
			.jsonPath("$.status")
			.isEqualTo(429)
			.jsonPath("$.requestId")
			.exists();
		assertThat(ORIGIN.calls("GET", second)).isZero();
	}

	@Test
	void hitsCostNothingSoACallerOverItsLimitStillReadsWhatIsCached() {
		String bob = caller("bob");
		String path = served("/users/rl",
				Reply.of(200, "{}")
					.header("Content-Type", "application/json")
					.header("Cachegate-Cache-Control", "max-age=60"));
		client().get()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, bob)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "MISS");
		for (int i = 0; i < 5; i++) {
			client().get()
				.uri(path)
				.header(HttpHeaders.AUTHORIZATION, bob)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Cache", "HIT");
		}
		client().get()
			.uri(unique("/users/rl"))
			.header(HttpHeaders.AUTHORIZATION, bob)
			.exchange()
			.expectStatus()
			.isEqualTo(429);
	}

	@Test
	void oneCallerOverItsLimitDoesNotLimitAnother() {
		String carol = caller("carol");
		String dave = caller("dave");
		client().get().uri(unique("/users/rl")).header(HttpHeaders.AUTHORIZATION, carol).exchange();
		client().get()
			.uri(unique("/users/rl"))
			.header(HttpHeaders.AUTHORIZATION, carol)
			.exchange()
			.expectStatus()
			.isEqualTo(429);
		client().get()
			.uri(unique("/users/rl"))
			.header(HttpHeaders.AUTHORIZATION, dave)
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isNotEqualTo(429));
	}

	@Test
	void writesAreCountedToo() {
		String erin = caller("erin");
		String path = unique("/users/rl");
		ORIGIN.on("PUT", path, r -> Reply.of(200, "{}").header("Content-Type", "application/json"));
		client().put()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, erin)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isOk();
		client().put()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, erin)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{}")
			.exchange()
			.expectStatus()
			.isEqualTo(429);
		assertThat(ORIGIN.calls("PUT", path)).isEqualTo(1);
	}

}
