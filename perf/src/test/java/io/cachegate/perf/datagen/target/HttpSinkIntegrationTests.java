package io.cachegate.perf.datagen.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cachegate.perf.datagen.DatagenCommand;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The http target against a real HTTP server (the JDK's) standing in for user-service's
 * POST /users: it records each request, answers 400 for every tenth user and 409 for
 * every 25th, and measures how many requests were in flight at once.
 */
class HttpSinkIntegrationTests {

	private static final Pattern ROW = Pattern.compile("\"username\":\"[^\"]*\\.(\\d+)\"");

	private HttpServer server;

	private final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();

	private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	@BeforeAll
	static void noDelay() {
		// The JDK server leaves Nagle on; with the client's separate header and body
		// writes every request would
		// wait out a 40 ms delayed ACK, which no real service does. Read once, when the
		// server class loads.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	@BeforeEach
	void startServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newFixedThreadPool(16));
		this.server.createContext("/users", (exchange) -> {
			this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
			try {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				this.bodies.add(body);
				this.authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
				Matcher matcher = ROW.matcher(body);
				int row = matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
				Thread.sleep(2);
				int status = (row % 25 == 0) ? 409 : (row % 10 == 0) ? 400 : 201;
				byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(status, answer.length);
				exchange.getResponseBody().write(answer);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.inFlight.decrementAndGet();
				exchange.close();
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void postsEachUserWithTheTokenBoundedConcurrencyAndCountsErrorsByStatus() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String url = "http://127.0.0.1:" + this.server.getAddress().getPort() + "/users";
		int code = DatagenCommand
			.commandLine(new DatagenCommand(new PrintStream(err, true, StandardCharsets.UTF_8), System.out, false))
			.execute("--schema", "schemas/users.toml", "--rows", "500", "--target", "http", "--url", url, "--token",
					"test-token", "--concurrency", "4", "--batch-size", "50");
		String summary = err.toString(StandardCharsets.UTF_8);
		assertThat(this.bodies).hasSize(500);
		assertThat(this.authorizations).containsOnly("Bearer test-token");
		// The API assigns ids: the bundled schema marks id with http = false.
		assertThat(this.bodies).allSatisfy((body) -> assertThat(body).startsWith("{\"username\":")
			.contains("\"firstName\":")
			.doesNotContain("\"id\":"));
		assertThat(this.maxInFlight.get()).isBetween(2, 4);
		// 500 rows: 20 multiples of 25 answered 409, 50 - 10 = 40 other multiples of 10
		// answered 400.
		assertThat(code).isEqualTo(1);
		assertThat(summary).contains("500 users rows to POST " + url)
			.contains("60 errors")
			.contains("{HTTP 400=40, HTTP 409=20}");
	}

	@Test
	void unreachableApiIsCountedAsErrorsNotHung() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = DatagenCommand
			.commandLine(new DatagenCommand(new PrintStream(err, true, StandardCharsets.UTF_8), System.out, false))
			.execute("--schema", "schemas/users.toml", "--rows", "20", "--target", "http", "--url",
					"http://127.0.0.1:" + closedPort + "/users", "--concurrency", "2");
		assertThat(code).isEqualTo(1);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("20 errors")
			.containsAnyOf("ConnectException", "IOException");
		assertThat(List.copyOf(this.bodies)).isEmpty();
	}

}
