package io.cachegate.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path answers exactly what the full gateway answers: the same requests (hits,
 * 304s, HEAD, Basic, bad tokens, no credentials, unknown routes, paths that need
 * normalization, public routes) go to this test's gateway (fast path on, the default) and
 * to a second gateway on the same Redis and origins with
 * {@code CACHEGATE_CACHE_FAST_PATH_ENABLED=false}; the raw bytes of both answers must be
 * equal except the per-request fields ({@code Age}, the {@code ttl} of
 * {@code Cache-Status}, a generated request id).
 */
class FastPathEquivalenceIntegrationTests extends GatewayIntegrationTestSupport {

	private static final List<String> COPIED = List.of("REDIS_URL", "AUTH_SERVICE_URL", "AUTH_JWKS_URL",
			"USER_SERVICE_URL", "CACHEGATE_BASIC_CACHE_SECRET", "CACHEGATE_ORIGIN_RESPONSE_TIMEOUT",
			"CACHEGATE_ORIGIN_CONNECT_TIMEOUT", "CACHEGATE_REDIS_TIMEOUT");

	private static ConfigurableApplicationContext slow;

	@Autowired
	private Environment environment;

	@Autowired
	private MeterRegistry meters;

	@AfterAll
	static void stopSlowGateway() {
		if (slow != null) {
			slow.close();
			slow = null;
		}
	}

	@Test
	void fastPathAnswersByteForByteWhatTheGatewayAnswers() throws IOException {
		int slowPort = slowGatewayPort();
		long id = USERS.create("equal");
		String user = "/users/" + id;
		String query = unique("/users/t/fast-query");
		ORIGIN.on("GET", query,
				r -> Reply.of(200, "{\"q\":\"" + r.query() + "\"}")
					.header("Content-Type", "application/json")
					.header("ETag", "\"3\"")
					.header("Cachegate-Cache-Control", "max-age=60"));
		String gone = unique("/users/t/fast-gone");
		ORIGIN.on("GET", gone,
				r -> Reply.of(404, "{\"status\":404}")
					.header("Content-Type", "application/problem+json")
					.header("Cachegate-Cache-Control", "max-age=60"));
		String empty = unique("/users/t/fast-empty");
		ORIGIN.on("GET", empty, r -> Reply.of(204, "").header("Cachegate-Cache-Control", "max-age=60"));
		String open = unique("/public/fast-open");
		ORIGIN.on("GET", open, r -> Reply.of(200, "open").header("Cache-Control", "public, max-age=60"));
		String token = bearer("USER");
		String basic = basic(BASIC_USER, BASIC_PASSWORD);

		Map<String, Case> cases = new LinkedHashMap<>();
		cases.put("hit", Case.get(user, "Authorization: " + token, "X-Request-Id: fixed-id-1").servedFast());
		cases.put("hit, generated request id", Case.get(user, "Authorization: " + token).servedFast());
		cases.put("hit, bearer in lower case",
				Case.get(user, "Authorization: bearer " + token.substring(7)).servedFast());
		cases.put("head", Case.of("HEAD", user, "Authorization: " + token, "X-Request-Id: fixed-id-2").servedFast());
		cases.put("304", Case.get(user, "Authorization: " + token, "If-None-Match: \"0\"").servedFast());
		cases.put("304, weak in a list",
				Case.get(user, "Authorization: " + token, "If-None-Match: \"9\", W/\"0\"").servedFast());
		cases.put("etag not matching", Case.get(user, "Authorization: " + token, "If-None-Match: \"9\"").servedFast());
		cases.put("304 by If-Modified-Since",
				Case.get(user, "Authorization: " + token, "If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT")
					.servedFast());
		cases.put("modified since",
				Case.get(user, "Authorization: " + token, "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT")
					.servedFast());
		cases.put("another role", Case.get(user, "Authorization: " + bearer("MANAGER")).servedFast());
		cases.put("basic", Case.get(user, "Authorization: " + basic).servedFast());
		cases.put("query", Case.get(query + "?size=2&page=1", "Authorization: " + token).servedFast());
		cases.put("stored 404", Case.get(gone, "Authorization: " + token).servedFast());
		cases.put("stored 204", Case.get(empty, "Authorization: " + token).servedFast());
		cases.put("path to normalize", Case.get("/users/./" + id, "Authorization: " + token));
		cases.put("public route", Case.get(open));
		cases.put("bad token", Case.get(user, "Authorization: Bearer not.a.token"));
		cases.put("wrong basic", Case.get(user, "Authorization: " + basic("nobody", "wrong")));
		cases.put("no credentials", Case.get(user));
		cases.put("unknown route", Case.get("/nowhere/at/all", "Authorization: " + token));
		cases.put("write", Case.of("DELETE", "/nowhere/else", "Authorization: " + token));

		// Warm both: entries stored, tokens verified, Basic exchanged, near caches
		// filled.
		for (Case c : cases.values()) {
			for (int i = 0; i < 2; i++) {
				send(port, c);
				send(slowPort, c);
			}
		}
		double fastBefore = fastPathHits(meters);
		long expectedFast = 0;
		for (Map.Entry<String, Case> c : cases.entrySet()) {
			String viaFastPath = masked(send(port, c.getValue()));
			String viaGateway = masked(send(slowPort, c.getValue()));
			assertThat(viaFastPath).as(c.getKey()).isEqualTo(viaGateway);
			expectedFast += c.getValue().fast ? 1 : 0;
		}
		assertThat(fastPathHits(meters) - fastBefore).as("hits answered by the fast path").isEqualTo(expectedFast);
		assertThat(fastPathHits(slow.getBean(MeterRegistry.class))).as("hits the other gateway's fast path answered")
			.isZero();
	}

	private static double fastPathHits(MeterRegistry registry) {
		return registry.find("cachegate.cache.fast-path.hits").counters().stream().mapToDouble(c -> c.count()).sum();
	}

	/** One request, as raw lines; {@code fast} when the fast path must answer it. */
	record Case(String method, String path, List<String> headers, boolean fast) {

		static Case get(String path, String... headers) {
			return of("GET", path, headers);
		}

		static Case of(String method, String path, String... headers) {
			return new Case(method, path, List.of(headers), false);
		}

		Case servedFast() {
			return new Case(method, path, headers, true);
		}

	}

	/**
	 * The raw answer to one request on a connection of its own (closed by the server
	 * after the answer).
	 */
	private static String send(int port, Case c) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(20_000);
			StringBuilder request = new StringBuilder(c.method() + " " + c.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
			c.headers().forEach(header -> request.append(header).append("\r\n"));
			request.append("Connection: close\r\n\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			return answer.toString(StandardCharsets.ISO_8859_1);
		}
	}

	/** The answer without its per-request fields. */
	private static String masked(String raw) {
		return raw.replaceAll("\r\nAge: \\d+\r\n", "\r\nAge: <age>\r\n")
			.replaceAll("ttl=\\d+", "ttl=<ttl>")
			.replaceAll("\r\nX-Request-Id: [0-9a-f-]{36}\r\n", "\r\nX-Request-Id: <generated>\r\n")
			.replaceAll("\"requestId\":\"[0-9a-f-]{36}\"", "\"requestId\":\"<generated>\"");
	}

	/**
	 * The second gateway, fast path off, with this one's settings, routes and environment
	 * (and Netty loops of its own: {@code events.GatewayInstance.OwnNettyResources},
	 * found by component scanning).
	 */
	private int slowGatewayPort() {
		if (slow == null) {
			List<String> args = new ArrayList<>();
			args.add("--server.port=0");
			args.add("--CACHEGATE_CACHE_FAST_PATH_ENABLED=false");
			COPIED.forEach(name -> args.add("--" + name + "=" + environment.getProperty(name)));
			slow = new SpringApplicationBuilder(GatewayApplication.class, TestRoutes.class)
				.initializers(new EnvironmentVariables())
				.run(args.toArray(String[]::new));
		}
		return ((WebServerApplicationContext) slow).getWebServer().getPort();
	}

}
