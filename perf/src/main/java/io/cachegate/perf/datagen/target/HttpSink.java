package io.cachegate.perf.datagen.target;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.cachegate.perf.datagen.generator.Column;
import io.cachegate.perf.datagen.pipeline.Sink;

/**
 * POSTs each row as a JSON document to the user-service API (or the gateway in front of
 * it), with at most {@code concurrency} requests in flight: the API is the slow part, and
 * unbounded requests would only queue in the client. A row the API refuses is counted by
 * status code and the run goes on, so an import test sees every kind of rejection in the
 * summary.
 */
public final class HttpSink implements Sink<byte[][]> {

	private final HttpClient client;

	private final URI uri;

	private final String token;

	private final Duration timeout;

	private final int concurrency;

	private final Semaphore inFlight;

	private final String[] names;

	private final boolean[] include;

	private final AtomicLong errors = new AtomicLong();

	private final AtomicLong succeeded = new AtomicLong();

	private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

	/**
	 * @param uri where to POST (for example {@code http://127.0.0.1:8082/users})
	 * @param token bearer token, or null to send none
	 * @param concurrency requests in flight at most
	 * @param timeout per request
	 * @param columns the emitted fields; those with {@code http = false} are left out
	 */
	public HttpSink(URI uri, String token, int concurrency, Duration timeout, List<Column> columns) {
		// HTTP/1.1: the services speak it, and an h2c upgrade attempt on every new
		// connection only adds a round trip.
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		this.uri = uri;
		this.token = token;
		this.timeout = timeout;
		this.concurrency = concurrency;
		this.inFlight = new Semaphore(concurrency);
		this.names = columns.stream().map(Column::name).toArray(String[]::new);
		this.include = new boolean[columns.size()];
		for (int i = 0; i < this.include.length; i++) {
			this.include[i] = columns.get(i).http();
		}
	}

	@Override
	public byte[][] encode(long firstRow, Object[][] rows) {
		byte[][] bodies = new byte[rows.length][];
		Utf8Buffer text = new Utf8Buffer(512);
		for (int i = 0; i < rows.length; i++) {
			text.clear();
			Encoding.jsonObject(text, this.names, rows[i], this.include);
			bodies[i] = text.toByteArray();
		}
		return bodies;
	}

	@Override
	public void write(byte[][] bodies, int rowCount) throws InterruptedException {
		for (byte[] body : bodies) {
			this.inFlight.acquire();
			HttpRequest.Builder request = HttpRequest.newBuilder(this.uri)
				.timeout(this.timeout)
				.header("Content-Type", "application/json")
				.header("Accept", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(body));
			if (this.token != null && !this.token.isBlank()) {
				request.header("Authorization", "Bearer " + this.token);
			}
			this.client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> {
					try {
						if (failure != null) {
							Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
									? failure.getCause() : failure;
							count(cause.getClass().getSimpleName());
						}
						else if (response.statusCode() >= 200 && response.statusCode() < 300) {
							this.succeeded.incrementAndGet();
						}
						else {
							count("HTTP " + response.statusCode());
						}
					}
					finally {
						this.inFlight.release();
					}
				});
		}
	}

	@Override
	public void finish() throws InterruptedException {
		// Wait for the requests still in flight: the run is done when the API has
		// answered every row.
		this.inFlight.acquire(this.concurrency);
		this.inFlight.release(this.concurrency);
	}

	private void count(String kind) {
		this.errors.incrementAndGet();
		this.byKind.computeIfAbsent(kind, (key) -> new LongAdder()).increment();
	}

	@Override
	public long errors() {
		return this.errors.get();
	}

	/** Rows the API accepted (2xx). */
	public long succeeded() {
		return this.succeeded.get();
	}

	@Override
	public Map<String, Long> errorsByKind() {
		Map<String, Long> counts = new TreeMap<>();
		this.byKind.forEach((kind, count) -> counts.put(kind, count.sum()));
		return counts;
	}

}
