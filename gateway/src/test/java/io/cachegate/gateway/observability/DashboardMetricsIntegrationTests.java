package io.cachegate.gateway.observability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.gateway.GatewayApplication;
import io.cachegate.gateway.observability.DashboardQueries.Selector;
import io.cachegate.gateway.testsupport.Fetch;
import io.cachegate.gateway.testsupport.HoldingProxy;
import io.cachegate.gateway.testsupport.RealServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every series the Grafana dashboard ({@code docs/monitoring/grafana}) queries exists in
 * the real {@code /actuator/prometheus} of the job it names, with the labels it matches
 * on: this gateway in front of the real auth-service and user-service, after traffic that
 * makes each kind of meter appear (reads, a write and its change event, a coalesced wait,
 * a bulk import). A dashboard naming a metric or label no service exposes fails here.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardMetricsIntegrationTests {

	private static final Path DASHBOARD = Path.of("../docs/monitoring/grafana/cachegate-dashboard.json");

	private static RealServices services;

	private static HoldingProxy proxy;

	@LocalServerPort
	int port;

	@BeforeAll
	static void startServices() {
		services = RealServices.start("dashboard", Map.of());
		proxy = HoldingProxy.to(services.usersUrl());
	}

	@AfterAll
	static void stopServices() {
		RealServices.closeAll(proxy, services);
	}

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		RealServices.registerGateway(registry, () -> services, () -> proxy.url(), "dashboard-secret");
		// A miss waiting behind a held origin call gives up soon: the coalesced-wait
		// timer is recorded without the test waiting long.
		registry.add("CACHEGATE_CACHE_STAMPEDE_COALESCE_WAIT", () -> "300ms");
	}

	@Test
	void everySeriesTheDashboardQueriesIsExposedByTheJobItNames() throws Exception {
		String token = services.adminToken();
		produceTraffic(token);
		Map<String, Map<String, Set<String>>> scrapes = Map.of("gateway",
				DashboardQueries.scrapedSeries(scrape("http://127.0.0.1:" + port, token)), "auth-service",
				DashboardQueries.scrapedSeries(scrape(services.authUrl(), null)), "user-service",
				DashboardQueries.scrapedSeries(scrape(services.usersUrl(), null)));
		List<String> expressions = DashboardQueries.expressions(DASHBOARD);
		assertThat(expressions).hasSizeGreaterThan(20);
		List<String> missing = new ArrayList<>();
		for (String expression : expressions) {
			for (Selector selector : DashboardQueries.selectors(expression)) {
				String problem = check(selector, scrapes);
				if (problem != null) {
					missing.add(problem + "\n    in: " + expression);
				}
			}
		}
		assertThat(missing).as("series the dashboard queries but no job exposes").isEmpty();
	}

	private static String check(Selector selector, Map<String, Map<String, Set<String>>> scrapes) {
		Set<String> jobs = selector.jobs().isEmpty() ? scrapes.keySet() : selector.jobs();
		List<String> found = new ArrayList<>();
		for (String job : jobs) {
			Map<String, Set<String>> series = scrapes.get(job);
			if (series == null) {
				return "job " + job + " is not one of " + scrapes.keySet();
			}
			Set<String> labels = series.get(selector.metric());
			if (labels != null) {
				if (!labels.containsAll(selector.labels())) {
					return selector.metric() + " at " + job + " has labels " + labels + ", not all of "
							+ selector.labels();
				}
				found.add(job);
			}
		}
		return found.isEmpty() ? selector.metric() + " is exposed by none of " + jobs : null;
	}

	/**
	 * Reads (miss, then hits: Redis, the near cache, the fast path), a write (its change
	 * event relayed and applied), a miss that waits behind another one for the same key,
	 * and a bulk import run to its end.
	 */
	private void produceTraffic(String token) {
		long written = RealServices.create("http://127.0.0.1:" + port, token);
		get("/users/" + written, token);
		get("/users?page=0&size=5", token);
		get("/users?page=0&size=5", token);
		get("/users/" + written, token);

		long cold = services.createDirectly(token);
		Sinks.Empty<Void> release = Sinks.empty();
		proxy.holdNext("GET", "/users/" + cold, release.asMono());
		CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> get("/users/" + cold, token));
		await().atMost(Duration.ofSeconds(10)).until(() -> proxy.answered("GET", "/users/" + cold) == 1);
		get("/users/" + cold, token);
		release.tryEmitEmpty();
		assertThat(first.join()).isEqualTo(200);

		String importId = importThroughGateway(token);
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> client().get()
				.uri("/imports/" + importId)
				.header(HttpHeaders.AUTHORIZATION, token)
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody()
				.contains("\"status\":\"completed\""));
	}

	private String importThroughGateway(String token) {
		String name = "dash" + ProcessHandle.current().pid();
		String csv = "username,email,firstName,lastName,birthDate,city\n" + name + "a," + name
				+ "a@example.com,Ana,Lima,1990-05-17,Recife\n" + name + "b,not-an-email,Bia,Lima,1991-02-28,Natal\n";
		String body = client().post()
			.uri("/users/import")
			.header(HttpHeaders.AUTHORIZATION, token)
			.contentType(MediaType.parseMediaType("text/csv"))
			.bodyValue(csv)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return body.replaceAll("(?s).*\"importId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
	}

	private int get(String path, String token) {
		return Fetch.get(client(), path).authorization(token).result().getStatus().value();
	}

	private static String scrape(String baseUrl, String token) {
		WebTestClient client = WebTestClient.bindToServer()
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
		return Fetch.get(client, "/actuator/prometheus").authorization(token).okBody();
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(20))
			.build();
	}

}
