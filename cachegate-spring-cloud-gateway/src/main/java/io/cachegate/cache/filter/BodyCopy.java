package io.cachegate.cache.filter;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * Copies a body as it streams, up to a limit; past the limit the copy is dropped, the
 * stream goes on.
 */
final class BodyCopy {

	private final long limit;

	private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private boolean complete;

	BodyCopy(long limit) {
		this.limit = limit;
	}

	/**
	 * Streams the body to the client while copying it, but holds the last chunk back
	 * until {@code store} is done (bounded by the Redis timeout): a client that got the
	 * whole answer of a miss finds the entry on its next request. Everything before the
	 * last chunk streams untouched.
	 */
	Flux<DataBuffer> streamHoldingLastChunk(Flux<? extends DataBuffer> body, Mono<Void> store) {
		return Flux.defer(() -> {
			AtomicReference<DataBuffer> held = new AtomicReference<>();
			Flux<DataBuffer> allButLast = body.concatMap(buffer -> {
				append(buffer);
				DataBuffer previous = held.getAndSet(buffer);
				return previous == null ? Mono.<DataBuffer>empty() : Mono.just(previous);
			});
			Mono<DataBuffer> last = Mono.defer(() -> {
				complete = true;
				return store.onErrorResume(ex -> Mono.empty()).then(Mono.justOrEmpty(held.getAndSet(null)));
			});
			return allButLast.concatWith(last).doFinally(signal -> {
				DataBuffer leftover = held.getAndSet(null);
				if (leftover != null) {
					DataBufferUtils.release(leftover);
				}
			});
		});
	}

	void append(DataBuffer buffer) {
		if (bytes == null) {
			return;
		}
		if (bytes.size() + (long) buffer.readableByteCount() > limit) {
			bytes = null;
			return;
		}
		try (DataBuffer.ByteBufferIterator iterator = buffer.readableByteBuffers()) {
			while (iterator.hasNext()) {
				ByteBuffer chunk = iterator.next();
				byte[] copy = new byte[chunk.remaining()];
				chunk.get(copy);
				bytes.writeBytes(copy);
			}
		}
	}

	/** The whole body once it streamed to its end within the limit, else null. */
	byte[] result() {
		return complete && bytes != null ? bytes.toByteArray() : null;
	}

}
