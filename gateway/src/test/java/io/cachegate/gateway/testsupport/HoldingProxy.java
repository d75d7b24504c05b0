package io.cachegate.gateway.testsupport;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * An HTTP reverse proxy in front of a real service that can hold one answer: the service
 * has answered (it read its data), but the answer reaches the gateway only when the test
 * releases it. This makes the invalidation race deterministic against the real
 * user-service.
 */
public final class HoldingProxy implements AutoCloseable {

	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "host",
			"upgrade", "te", "trailer", "proxy-connection");

	private final String target;

	private final HttpClient client = HttpClient.create();

	private final Map<String, Mono<?>> holds = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

	private final DisposableServer server;

	private HoldingProxy(String target) {
		this.target = target;
		this.server = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
			String uri = request.uri();
			String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
			String key = request.method().name() + " " + path;
			return client.headers(h -> request.requestHeaders().forEach(e -> {
				if (!HOP_BY_HOP.contains(e.getKey().toLowerCase())) {
					h.add(e.getKey(), e.getValue());
				}
			}))
				.request(HttpMethod.valueOf(request.method().name()))
				.uri(this.target + uri)
				.send((out, outbound) -> outbound.send(request.receive().retain()))
				.responseSingle((upstream, body) -> body.asByteArray()
					.defaultIfEmpty(new byte[0])
					.map(bytes -> new Answer(upstream.status().code(), upstream.responseHeaders(), bytes)))
				.flatMap(answer -> {
					answered.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
					Mono<?> hold = holds.remove(key);
					return (hold == null ? Mono.empty() : hold).then(Mono.defer(() -> {
						response.status(answer.status());
						answer.headers().forEach(e -> {
							if (!HOP_BY_HOP.contains(e.getKey().toLowerCase())) {
								response.addHeader(e.getKey(), e.getValue());
							}
						});
						return response.sendByteArray(Mono.just(answer.body())).then();
					}));
				});
		}).bindNow();
	}

	private record Answer(int status, io.netty.handler.codec.http.HttpHeaders headers, byte[] body) {
	}

	public static HoldingProxy to(String target) {
		return new HoldingProxy(target);
	}

	public String url() {
		return "http://127.0.0.1:" + server.port();
	}

	/**
	 * The next answer to {@code method path} is passed on only when {@code release}
	 * completes.
	 */
	public void holdNext(String method, String path, Mono<?> release) {
		holds.put(method + " " + path, release);
	}

	/** How many answers to {@code method path} the service gave (held or not). */
	public int answered(String method, String path) {
		AtomicInteger count = answered.get(method + " " + path);
		return count == null ? 0 : count.get();
	}

	@Override
	public void close() {
		server.disposeNow();
	}

}
