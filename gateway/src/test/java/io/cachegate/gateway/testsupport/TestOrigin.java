package io.cachegate.gateway.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A real HTTP server on a free port whose answers a test controls: handlers by method and
 * path prefix, the requests received per method and path, and answers that can wait (a
 * latch, a delay) before they go out.
 */
public final class TestOrigin implements AutoCloseable {

	/** What the origin received. */
	public record Request(String method, String path, String query, HttpHeaders headers, String body) {

		public String header(String name) {
			return headers.get(name);
		}

	}

	/** What the origin answers. */
	public record Reply(int status, Map<String, String> headers, String body, Mono<?> before) {

		public static Reply of(int status, String body) {
			return new Reply(status, new LinkedHashMap<>(), body, Mono.empty());
		}

		public Reply header(String name, String value) {
			Map<String, String> copy = new LinkedHashMap<>(headers);
			copy.put(name, value);
			return new Reply(status, copy, body, before);
		}

		/**
		 * Answers only once {@code signal} completes (a latch released, a delay elapsed).
		 */
		public Reply after(Mono<?> signal) {
			return new Reply(status, headers, body, signal);
		}

		public Reply delayed(Duration delay) {
			return after(Mono.delay(delay));
		}

	}

	/**
	 * Event loops of the test origins' own: a gateway context closing in the same JVM
	 * disposes Reactor Netty's global loops, which would stop an origin serving other
	 * tests' gateways.
	 */
	private static final LoopResources LOOPS = LoopResources.create("test-origin", 2, true);

	private final Map<String, Function<Request, Reply>> handlers = new ConcurrentHashMap<>();

	private final Map<String, List<Request>> received = new ConcurrentHashMap<>();

	private final DisposableServer server;

	private TestOrigin() {
		this.server = HttpServer.create()
			.runOn(LOOPS)
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> request.receive()
				.aggregate()
				.asString(StandardCharsets.UTF_8)
				.defaultIfEmpty("")
				.flatMap(body -> {
					String uri = request.uri();
					int q = uri.indexOf('?');
					String path = q < 0 ? uri : uri.substring(0, q);
					String query = q < 0 ? "" : uri.substring(q + 1);
					String method = request.method().name();
					Request arrived = new Request(method, path, query, request.requestHeaders().copy(), body);
					received.computeIfAbsent(method + " " + path, k -> new CopyOnWriteArrayList<>()).add(arrived);
					Reply reply = find(method, path).apply(arrived);
					return reply.before().then(Mono.defer(() -> {
						response.status(reply.status());
						reply.headers().forEach(response::addHeader);
						if (reply.body() == null || reply.body().isEmpty()) {
							return response.send().then();
						}
						return response.sendString(Mono.just(reply.body())).then();
					}));
				}))
			.bindNow();
	}

	public static TestOrigin start() {
		return new TestOrigin();
	}

	public String url() {
		return "http://127.0.0.1:" + server.port();
	}

	public int port() {
		return server.port();
	}

	/**
	 * Handles {@code method} requests whose path starts with {@code pathPrefix}; the
	 * longest prefix wins.
	 */
	public TestOrigin on(String method, String pathPrefix, Function<Request, Reply> handler) {
		handlers.put(method + " " + pathPrefix, handler);
		return this;
	}

	/** How many {@code method path} requests arrived. */
	public int calls(String method, String path) {
		return requests(method, path).size();
	}

	/** The {@code method path} requests that arrived, in the order they arrived. */
	public List<Request> requests(String method, String path) {
		List<Request> requests = received.get(method + " " + path);
		return requests == null ? List.of() : List.copyOf(requests);
	}

	private Function<Request, Reply> find(String method, String path) {
		String best = null;
		for (String key : handlers.keySet()) {
			String prefix = key.substring(key.indexOf(' ') + 1);
			if (key.startsWith(method + " ") && path.startsWith(prefix)
					&& (best == null || key.length() > best.length())) {
				best = key;
			}
		}
		if (best == null) {
			return request -> Reply.of(404, "").header("Content-Type", "text/plain");
		}
		return handlers.get(best);
	}

	@Override
	public void close() {
		server.disposeNow();
	}

}
