package io.cachegate.gateway.observability;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.cachegate.gateway.GatewayIntegrationTestSupport;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.support.problem.ProblemWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access line ({@code cachegate.access}) and the request id's way: from the client
 * (or made here) to the service and back to the client.
 */
@ExtendWith(OutputCaptureExtension.class)
class AccessLogIntegrationTests extends GatewayIntegrationTestSupport {

	@Autowired
	private MeterRegistry meters;

	@Test
	void onlyTheGatewaysOwnAccessLogRuns(@Autowired ApplicationContext context) {
		// service-support is on the class path for its problem writer; its access log for
		// the services must stay off here, or every request would be logged twice.
		assertThat(context.getBeansOfType(io.cachegate.support.observability.AccessLogWebFilter.class)).isEmpty();
		assertThat(context.getBeansOfType(AccessLogWebFilter.class)).hasSize(1);
		assertThat(context.getBeansOfType(ProblemWriter.class)).hasSize(1);
	}

	@Test
	void logsRouteStatusCacheResultAndLatencyOfEveryRequest(CapturedOutput output) {
		String path = unique("/public/access-log");
		ORIGIN.on("GET", path, (request) -> Reply.of(200, "logged").header("Cache-Control", "public, max-age=60"));
		String miss = "test-" + UUID.randomUUID();
		String hit = "test-" + UUID.randomUUID();
		client().get().uri(path).header("X-Request-Id", miss).exchange().expectHeader().valueEquals("X-Cache", "MISS");
		client().get().uri(path).header("X-Request-Id", hit).exchange().expectHeader().valueEquals("X-Cache", "HIT");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut())
				// The access log's own lean pattern: the time, the logger's name, the
				// line.
				.containsPattern(
						"(?m)^\\d{4}-\\d\\d-\\d\\dT[^ ]+ cachegate\\.access requestId=" + miss + " method=GET path="
								+ path + " route=public status=200 cache=MISS latencyMs=\\d+\\.\\d outcome=ok$")
				.containsPattern("requestId=" + hit + " method=GET path=" + path
						+ " route=public status=200 cache=HIT latencyMs=\\d+\\.\\d outcome=ok"));
	}

	@Test
	void logsHitsAnsweredByTheFastPathWithTheSameFields(CapturedOutput output) {
		String path = unique("/users/t/access-log");
		ORIGIN.on("GET", path, (request) -> Reply.of(200, "fast").header("Cachegate-Cache-Control", "max-age=60"));
		String token = bearer("USER");
		String miss = "test-" + UUID.randomUUID();
		String hit = "test-" + UUID.randomUUID();
		String head = "test-" + UUID.randomUUID();
		client().get()
			.uri(path)
			.header("Authorization", token)
			.header("X-Request-Id", miss)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "MISS");
		double fastBefore = fastPathHits();
		client().get()
			.uri(path)
			.header("Authorization", token)
			.header("X-Request-Id", hit)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectHeader()
			.valueEquals("X-Request-Id", hit);
		client().head()
			.uri(path)
			.header("Authorization", token)
			.header("X-Request-Id", head)
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
		assertThat(fastPathHits() - fastBefore).as("hits the fast path answered").isEqualTo(2);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut())
				.containsPattern("cachegate\\.access .*requestId=" + miss + " method=GET path=" + path
						+ " route=users status=200 cache=MISS latencyMs=\\d+\\.\\d outcome=ok")
				.containsPattern("cachegate\\.access .*requestId=" + hit + " method=GET path=" + path
						+ " route=users status=200 cache=HIT latencyMs=\\d+\\.\\d outcome=ok")
				.containsPattern("cachegate\\.access .*requestId=" + head + " method=HEAD path=" + path
						+ " route=users status=200 cache=HIT latencyMs=\\d+\\.\\d outcome=ok"));
	}

	private double fastPathHits() {
		return meters.find("cachegate.cache.fast-path.hits").counters().stream().mapToDouble(c -> c.count()).sum();
	}

	@Test
	void logsRequestsRefusedBeforeRoutingWithTheStatusTheClientGot(CapturedOutput output) {
		String id = "test-" + UUID.randomUUID();
		client().get().uri("/users/1").header("X-Request-Id", id).exchange().expectStatus().isUnauthorized();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(output.getOut()).containsPattern("requestId=" + id
					+ " method=GET path=/users/1 route=- status=401 cache=- latencyMs=\\d+\\.\\d outcome=error"));
	}

	@Test
	void passesTheRequestIdToTheServiceAndReturnsIt() {
		String path = unique("/public/request-id");
		List<String> received = new CopyOnWriteArrayList<>();
		ORIGIN.on("GET", path, (request) -> {
			received.add(request.header("X-Request-Id"));
			return Reply.of(200, "ok").header("Cache-Control", "no-store");
		});
		String given = "test-" + UUID.randomUUID();
		client().get()
			.uri(path)
			.header("X-Request-Id", given)
			.exchange()
			.expectHeader()
			.valueEquals("X-Request-Id", given);
		String made = client().get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Request-Id");
		assertThat(made).isNotBlank().isNotEqualTo(given);
		assertThat(received).containsExactly(given, made);
	}

}
