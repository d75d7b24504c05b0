package io.cachegate.cache.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.cachegate.gateway.testsupport.FakeUsers;
import io.cachegate.gateway.testsupport.TestOrigin.Reply;
import io.cachegate.gateway.testsupport.TestOrigin;
import io.cachegate.gateway.testsupport.TestTokens;
import io.cachegate.stack.EmbeddedRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hit throughput with the near cache against Redis-only hits: the same key read by wrk
 * through two gateways on one Redis, one with L1, one without. Not part of the build (it
 * takes half a minute and needs wrk); run it with
 * {@code ./mvnw -B -q -pl gateway test -Dtest=NearCacheBenchmarkTests -Dcachegate.benchmark=true}
 * and read the lines starting with {@code L1 benchmark}.
 */
@EnabledIfSystemProperty(named = "cachegate.benchmark", matches = "true")
class NearCacheBenchmarkTests {

	@Test
	void hitThroughputWithAndWithoutTheNearCache() throws Exception {
		TestTokens tokens = new TestTokens("bench-key");
		try (TestOrigin auth = TestOrigin.start();
				TestOrigin origin = TestOrigin.start();
				EmbeddedRedis redis = EmbeddedRedis.startOnFreePort()) {
			auth.on("GET", "/auth/jwks",
					request -> Reply.of(200, tokens.jwks()).header("Content-Type", "application/json"));
			long id = new FakeUsers(origin).create("benchmark");
			Map<String, String> common = Map.of("REDIS_URL", redis.endpoint().url(), "AUTH_SERVICE_URL", auth.url(),
					"AUTH_JWKS_URL", auth.url() + "/auth/jwks", "USER_SERVICE_URL", origin.url(),
					"CACHEGATE_EVENTS_ENABLED", "false", "CACHEGATE_REDIS_TIMEOUT", "100ms",
					"LOGGING_LEVEL_CACHEGATE_ACCESS", "WARN");
			String token = tokens.token("USER");
			for (boolean l1 : List.of(true, false)) {
				Map<String, String> settings = new java.util.HashMap<>(common);
				settings.put("CACHEGATE_CACHE_NEAR_ENABLED", Boolean.toString(l1));
				try (GatewayInstance gateway = GatewayInstance.start(settings)) {
					String url = "http://127.0.0.1:" + gateway.port() + "/users/" + id;
					gateway.get("/users/" + id, "Bearer " + token);
					wrk(url, token, "5s");
					String result = wrk(url, token, "10s");
					System.out.println("L1 benchmark (" + (l1 ? "L1 on" : "Redis only") + "): " + summary(result));
					assertThat(result).contains("Requests/sec");
				}
			}
		}
	}

	private static String wrk(String url, String token, String duration) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("wrk", "-t2", "-c64", "-d" + duration, "--latency", "-H",
				"Authorization: Bearer " + token, url)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor(2, TimeUnit.MINUTES);
		return output;
	}

	private static String summary(String wrkOutput) {
		return wrkOutput.lines()
			.filter(line -> line.contains("Requests/sec") || line.contains("Latency") || line.contains("50%")
					|| line.contains("99%") || line.contains("Non-2xx") || line.contains("requests in"))
			.map(String::trim)
			.reduce((a, b) -> a + " | " + b)
			.orElse(wrkOutput);
	}

}
