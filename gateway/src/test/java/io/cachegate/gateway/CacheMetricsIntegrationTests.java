package io.cachegate.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.stack.test.Answers;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache's meters at /actuator/prometheus, and Redis in /actuator/health. */
class CacheMetricsIntegrationTests extends GatewayIntegrationTestSupport {

	@Test
	void prometheusShowsRequestsByRouteAndResultOriginAndRedisLatencyAndTheCircuitState() {
		String path = served("/public/metrics", Reply.of(200, "m").header("Cache-Control", "public, max-age=60"));
		client().get().uri(path).exchange().expectHeader().valueEquals("X-Cache", "MISS");
		client().get().uri(path).exchange().expectHeader().valueEquals("X-Cache", "HIT");
		// Every route and status this test JVM served has its series (with histogram
		// buckets): more than the client's default 256 KB.
		String scrape = Answers.okBody(client().mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.header(HttpHeaders.AUTHORIZATION, bearer("ADMIN")));
		assertThat(scrape).containsPattern("cachegate_cache_requests_total\\{result=\"hit\",route=\"public\"} [1-9]")
			.containsPattern("cachegate_cache_requests_total\\{result=\"miss\",route=\"public\"} [1-9]")
			.contains("cachegate_origin_latency_seconds_count{method=\"GET\",route=\"public\"}")
			.contains("cachegate_redis_latency_seconds_count{outcome=\"success\"}")
			.contains("cachegate_redis_errors_total{kind=\"timeout\"}")
			.contains("cachegate_redis_circuit_state{state=\"closed\"} 1.0")
			.contains("cachegate_redis_circuit_state{state=\"open\"} 0.0");
	}

	@Test
	void healthIncludesRedis() {
		client().get()
			.uri("/actuator/health/redis")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
	}

}
