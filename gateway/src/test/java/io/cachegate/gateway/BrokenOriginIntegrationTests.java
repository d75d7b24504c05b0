package io.cachegate.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An origin that breaks HTTP (RFC 9112 section 6.3): an answer that ends before its
 * {@code Content-Length}, or a connection reset instead of an answer, becomes a 502
 * problem, an answer with more bytes than its {@code Content-Length} never leaks its
 * extra bytes into the next, unrelated request on the same pooled connection, and interim
 * 1xx answers before the final one are never what the client gets instead of it.
 */
@Import(BrokenOriginIntegrationTests.RawRoute.class)
class BrokenOriginIntegrationTests extends GatewayIntegrationTestSupport {

	static final RawOrigin RAW = new RawOrigin();

	@AfterAll
	static void close() throws IOException {
		RAW.close();
	}

	@Test
	void anAnswerThatEndsBeforeItsContentLengthIsABadGatewayWhenNothingWasSentYet() {
		// A storable answer's last chunk waits for the store, so nothing of it has
		// reached the client yet.
		RAW.answer(path -> "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: public, max-age=60\r\n"
				+ "Content-Length: 100\r\n\r\nonly ten b", true);
		assertBadGateway("/raw/short");
	}

	@Test
	void aConnectionResetInsteadOfAnAnswerIsABadGateway() {
		RAW.answer(path -> null, true);
		assertBadGateway("/raw/reset");
	}

	private void assertBadGateway(String path) {
		EntityExchangeResult<String> result = get(path);
		assertThat(result.getStatus().value()).isEqualTo(502);
		assertThat(result.getResponseBody()).contains("bad-gateway");
	}

	@Test
	void anAnswerThatEndsBeforeItsContentLengthIsNeverPassedOnAsComplete() {
		// Not storable: it streams, so its head is already on its way; the client must
		// see it cut, never whole.
		RAW.answer(path -> "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: no-store\r\n"
				+ "Content-Length: 100\r\n\r\nonly ten b", true);
		Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> get("/raw/streamed"));
		if (failure == null) {
			assertThat(client().get()
				.uri("/raw/streamed")
				.header("Authorization", bearer("USER"))
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value()).isEqualTo(502);
		}
		else {
			assertThat(failure).hasStackTraceContaining("PrematureCloseException");
		}
	}

	@Test
	void extraBytesAfterAnAnswerNeverReachTheNextRequest() {
		RAW.answer(
				path -> path.contains("first")
						? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\n"
								+ "Content-Length: 7\r\n\r\nsmuggled"
						: "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond",
				false);
		EntityExchangeResult<String> first = get("/raw/first");
		EntityExchangeResult<String> second = get("/raw/second");
		assertThat(first.getResponseBody()).isEqualTo("hello");
		assertThat(second.getStatus().value()).isEqualTo(200);
		assertThat(second.getResponseBody()).isEqualTo("second");
	}

	@ParameterizedTest
	@ValueSource(strings = { "hello-and-then-some-more", "hello and then some more" })
	void extraBytesWithoutALineBreakNeverReachTheNextRequest(String body) {
		RAW.answer(path -> path.contains("first") ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" + body
				: "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond", false);
		assertThat(get("/raw/first").getResponseBody()).isEqualTo("hello");
		for (int i = 0; i < 3; i++) {
			EntityExchangeResult<String> next = get("/raw/second");
			assertThat(next.getStatus().value()).isEqualTo(200);
			assertThat(next.getResponseBody()).isEqualTo("second");
		}
	}

	@Test
	void extraBytesThatArriveWhileTheConnectionIsIdleCloseIt() throws Exception {
		RAW.answer(path -> path.contains("first") ? "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
				: "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond", false);
		CompletableFuture<String> late = new CompletableFuture<>();
		CountDownLatch closed = RAW.lateBytes(late);
		assertThat(get("/raw/first").getResponseBody()).isEqualTo("hello");
		late.complete("-late");
		assertThat(closed.await(10, TimeUnit.SECONDS)).as("the gateway closed the connection").isTrue();
		EntityExchangeResult<String> next = get("/raw/second");
		assertThat(next.getStatus().value()).isEqualTo(200);
		assertThat(next.getResponseBody()).isEqualTo("second");
	}

	private EntityExchangeResult<String> get(String path) {
		return fetch(path).authorization(bearer("USER")).result();
	}

	@Test
	void anEarlyHintBeforeTheFinalAnswerIsNotTheAnswer() {
		RAW.answer(path -> "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
				+ "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: public, max-age=60\r\nContent-Length: 5\r\n\r\nfinal",
				false);
		EntityExchangeResult<String> result = get("/raw/hints");
		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(result.getResponseBody()).isEqualTo("final");
	}

	/**
	 * A raw socket origin: each request on a connection is answered with the bytes the
	 * test sets.
	 */
	static final class RawOrigin implements AutoCloseable {

		private final ServerSocket server;

		private volatile Function<String, String> answer = path -> "HTTP/1.1 204 No Content\r\n\r\n";

		private volatile boolean closeAfter;

		private volatile Late late;

		RawOrigin() {
			try {
				server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			Thread acceptor = new Thread(this::accept, "raw-origin");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return server.getLocalPort();
		}

		void answer(Function<String, String> answer, boolean closeAfter) {
			this.answer = answer;
			this.closeAfter = closeAfter;
			this.late = null;
		}

		/**
		 * After the next answer, the connection writes {@code bytes} once they are given;
		 * the latch opens when the gateway has closed that connection.
		 */
		CountDownLatch lateBytes(CompletableFuture<String> bytes) {
			CountDownLatch closed = new CountDownLatch(1);
			this.late = new Late(bytes, closed);
			return closed;
		}

		private record Late(CompletableFuture<String> bytes, CountDownLatch closed) {
		}

		private void accept() {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					Thread thread = new Thread(() -> serve(socket), "raw-origin-connection");
					thread.setDaemon(true);
					thread.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(Socket socket) {
			Late lateOnThis = null;
			try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
				while (true) {
					String head = readHead(in);
					if (head == null) {
						return;
					}
					String path = head.split(" ")[1];
					String answered = answer.apply(path);
					if (answered == null) {
						// No answer: the connection is reset (RST) once the request is
						// in.
						socket.setSoLinger(true, 0);
						return;
					}
					out.write(answered.getBytes(StandardCharsets.ISO_8859_1));
					out.flush();
					if (closeAfter) {
						return;
					}
					if (lateOnThis == null && late != null) {
						lateOnThis = late;
						late = null;
						out.write(lateOnThis.bytes().get(10, TimeUnit.SECONDS).getBytes(StandardCharsets.ISO_8859_1));
						out.flush();
					}
				}
			}
			catch (IOException | InterruptedException | ExecutionException | TimeoutException ex) {
				// The gateway closed the connection.
			}
			finally {
				if (lateOnThis != null) {
					lateOnThis.closed().countDown();
				}
			}
		}

		private static String readHead(InputStream in) throws IOException {
			StringBuilder head = new StringBuilder();
			int c;
			while ((c = in.read()) >= 0) {
				head.append((char) c);
				if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
					return head.toString();
				}
			}
			return null;
		}

		@Override
		public void close() throws IOException {
			server.close();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class RawRoute {

		@Bean
		RouteDefinitionLocator rawRoutes() {
			RouteDefinition route = new RouteDefinition();
			route.setId("raw");
			route.setUri(URI.create("http://127.0.0.1:" + RAW.port()));
			route.setPredicates(List.of(new PredicateDefinition("Path=/raw/**")));
			route.setFilters(List.of(new FilterDefinition("Cache")));
			return () -> Flux.just(route);
		}

	}

}
