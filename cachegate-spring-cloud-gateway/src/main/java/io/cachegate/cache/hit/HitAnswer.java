package io.cachegate.cache.hit;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What the fast path writes for a fresh hit, field for field what the gateway's cache
 * filter writes: the stored status (304 on a matching conditional), the stored headers in
 * their order, {@code Age}, {@code X-Cache}, {@code Cache-Status}, {@code Content-Length}
 * (not on 204 and 304), {@code X-Request-Id} last, and the body unless the request is
 * HEAD or the status has none. Written straight to Reactor Netty's response.
 *
 * @param hit the entry as read
 * @param head whether the request is HEAD
 * @param notModified whether the request's conditional matched (a 304)
 * @param requestId the request's id
 */
record HitAnswer(FreshHit hit, boolean head, boolean notModified, String requestId) {

	private static final AsciiString AGE = AsciiString.cached("Age");

	private static final AsciiString X_CACHE = AsciiString.cached("X-Cache");

	private static final AsciiString HIT = AsciiString.cached("HIT");

	private static final AsciiString CACHE_STATUS = AsciiString.cached("Cache-Status");

	private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");

	private static final AsciiString REQUEST_ID = AsciiString.cached("X-Request-Id");

	private static final int NOT_MODIFIED = 304;

	private static final SmallNumbers NUMBERS = new SmallNumbers("");

	private static final SmallNumbers HIT_WITH_TTL = new SmallNumbers("cachegate; hit; ttl=");

	private static final int NO_CONTENT = 204;

	/** The status the client gets. */
	int status() {
		return notModified ? NOT_MODIFIED : hit.status();
	}

	Mono<Void> writeTo(HttpServerResponse response) {
		response.status(HttpResponseStatus.valueOf(status()));
		HttpHeaders headers = response.responseHeaders();
		hit.forEachHeader((name, value) -> {
			// A 304 carries the stored headers but describes no body.
			if (!notModified || !(name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length"))) {
				headers.add(name, value);
			}
		});
		headers.add(AGE, NUMBERS.of(hit.ageSeconds()));
		headers.add(X_CACHE, HIT);
		headers.add(CACHE_STATUS, HIT_WITH_TTL.of(hit.ttlSeconds()));
		boolean body = !notModified && hit.status() != NO_CONTENT;
		if (body) {
			headers.add(CONTENT_LENGTH, NUMBERS.of(hit.body().length));
		}
		headers.add(REQUEST_ID, requestId);
		if (!body || head) {
			return Mono.empty();
		}
		return response.sendObject(Unpooled.wrappedBuffer(hit.body())).then();
	}

	/**
	 * Header values of a prefix and a small number, made once each and shared by every
	 * answer: ages, times to live and body lengths repeat from hit to hit, and each
	 * answer made its own strings of them.
	 */
	static final class SmallNumbers {

		private static final int COUNT = 4096;

		private final String prefix;

		private final AsciiString[] values = new AsciiString[COUNT];

		SmallNumbers(String prefix) {
			this.prefix = prefix;
		}

		CharSequence of(long number) {
			if (number < 0 || number >= COUNT) {
				return prefix + number;
			}
			AsciiString value = values[(int) number];
			if (value == null) {
				// Two threads may both make it: either one is right (AsciiString is
				// immutable, its fields final).
				value = new AsciiString(prefix + number);
				values[(int) number] = value;
			}
			return value;
		}

	}

}
