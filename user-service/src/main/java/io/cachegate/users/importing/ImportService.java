package io.cachegate.users.importing;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Receives uploads and answers status questions. An upload is read as it arrives: cut
 * into records, the header checked before anything is kept, then every {@code partSize}
 * records stored as one part. Only when the whole file has arrived intact are its parts
 * queued, so an upload that breaks off or turns out to be binary half-way inserts
 * nothing. Memory holds at most about two parts and a couple of network buffers, whatever
 * the file size.
 */
class ImportService {

	/** Examples shown in a status, over all parts. */
	static final int STATUS_EXAMPLES = 100;

	private final ImportRepository repository;

	private final ImportQueue queue;

	private final ImportProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	ImportService(ImportRepository repository, ImportQueue queue, ImportProperties properties, JsonMapper json,
			Clock clock) {
		this.repository = repository;
		this.queue = queue;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Receives a file.
	 * @param owner the caller (the token's subject); idempotency keys are per caller
	 * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
	 * @param format the file format
	 * @param fileName the file name, or {@code null}
	 * @param body the bytes
	 * @return the import, and whether it was created now ({@code false}: an earlier
	 * upload with the same key)
	 */
	Mono<Received> receive(String owner, String idempotencyKey, ImportFormat format, String fileName,
			Flux<DataBuffer> body) {
		Mono<Received> existing = (idempotencyKey != null)
				? this.repository.findByKey(owner, idempotencyKey).map((id) -> new Received(id, false)) : Mono.empty();
		return existing.switchIfEmpty(Mono.defer(() -> {
			UUID id = UUID.randomUUID();
			return this.repository.create(id, owner, idempotencyKey, format, fileName).flatMap((created) -> {
				if (!created) {
					// The same key raced in from another request: that one's import is
					// the answer.
					return this.repository.findByKey(owner, idempotencyKey).map((other) -> new Received(other, false));
				}
				AtomicBoolean stored = new AtomicBoolean();
				return store(id, format, body).thenReturn(new Received(id, true))
					.doOnSuccess((received) -> stored.set(true))
					.onErrorResume((ex) -> this.repository.delete(id)
						.onErrorResume((ignored) -> Mono.empty())
						.then(Mono.error(ex)))
					.doOnCancel(() -> {
						// The client went away mid-upload: forget the half-received file.
						if (!stored.get()) {
							this.repository.delete(id).subscribe((ignored) -> {
							}, (ignored) -> {
							});
						}
					});
			});
		}));
	}

	private Mono<Void> store(UUID id, ImportFormat format, Flux<DataBuffer> body) {
		AtomicLong rows = new AtomicLong();
		Flux<RawRecord> records = RecordSplitter.split(bounded(body), format.quoting(),
				this.properties.maxRecordSize());
		Mono<Integer> parts = records.switchOnFirst((first, all) -> {
			if (!first.hasValue()) {
				// Empty, or failed on the first record: let the error (if any) through,
				// and say "empty" otherwise.
				return all.concatWith(Mono.error(() -> ImportRejectedException
					.malformed("The file is empty; send a header row and at least one row")));
			}
			ImportColumns columns;
			try {
				columns = columns(format, first.get());
			}
			catch (ImportRejectedException ex) {
				return Flux.error(ex);
			}
			Flux<RawRecord> rowsOnly = (format == ImportFormat.CSV) ? all.skip(1) : all;
			return this.repository.setColumns(id, columns.fields()).thenMany(rowsOnly);
		}, false)
			.doOnNext((record) -> rows.incrementAndGet())
			.bufferUntil(partFull())
			.index()
			.concatMap((part) -> this.repository.storePart(id, part.getT1().intValue(), part.getT2())
				.thenReturn(part.getT1().intValue()), 1)
			.count()
			.map(Long::intValue);
		return parts.flatMap((count) -> {
			if (count == 0) {
				return Mono.error(ImportRejectedException.malformed("The file has a header row but no data rows"));
			}
			return this.repository.received(id, count, rows.get())
				.then(this.queue.ensureGroup())
				.thenMany(Flux.range(0, count).concatMap((part) -> this.queue.enqueue(id, part)))
				.then();
		});
	}

	/**
	 * The upload's bytes, failing with 413 (and releasing what it holds) once they pass
	 * {@code max-upload-size}.
	 */
	private Flux<DataBuffer> bounded(Flux<DataBuffer> body) {
		long max = this.properties.maxUploadSize().toBytes();
		AtomicLong received = new AtomicLong();
		return body.handle((buffer, sink) -> {
			if (received.addAndGet(buffer.readableByteCount()) > max) {
				DataBufferUtils.release(buffer);
				sink.error(ImportRejectedException.tooLarge(max));
				return;
			}
			sink.next(buffer);
		});
	}

	/**
	 * Closes a part after {@code part-size} rows or {@code max-part-bytes} of them,
	 * whichever comes first: rows may be up to {@code max-record-size} long, so a row
	 * count alone would let one part hold gigabytes.
	 */
	private Predicate<RawRecord> partFull() {
		int maxRows = this.properties.partSize();
		long maxBytes = this.properties.maxPartBytes().toBytes();
		long[] counted = new long[2];
		return (record) -> {
			counted[0]++;
			counted[1] += record.text().length();
			if (counted[0] >= maxRows || counted[1] >= maxBytes) {
				counted[0] = 0;
				counted[1] = 0;
				return true;
			}
			return false;
		};
	}

	private ImportColumns columns(ImportFormat format, RawRecord first) {
		if (format == ImportFormat.CSV) {
			return ImportColumns.ofCsvHeader(first.text());
		}
		JsonNode node;
		try {
			node = this.json.readTree(first.text());
		}
		catch (JacksonException ex) {
			throw ImportRejectedException.malformed("The first line is not a JSON object", first.line());
		}
		if (node == null || !node.isObject()) {
			throw ImportRejectedException.malformed("The first line is not a JSON object", first.line());
		}
		// The first object's members play the header's part; later rows may leave
		// optional members out.
		return ImportColumns.of(List.copyOf(node.propertyNames()));
	}

	Mono<ImportStatus> status(UUID id) {
		return this.repository.summary(id)
			.flatMap((summary) -> Mono
				.zip(this.repository.invalidByReason(id), this.repository.examples(id, STATUS_EXAMPLES),
						this.repository.failedParts(id))
				.map((details) -> ImportStatus.of(summary, details.getT1(), details.getT2(), details.getT3(),
						this.clock.instant())));
	}

	Mono<ImportPage> recent(int page, int size) {
		return Mono
			.zip(this.repository.recent((long) page * size, size)
				.map((summary) -> ImportStatus.of(summary, Map.of(), List.of(), List.of(), this.clock.instant()))
				.collectList(), this.repository.count())
			.map((result) -> new ImportPage(result.getT1(), page, size, result.getT2()));
	}

	/**
	 * The import an upload led to.
	 *
	 * @param id the import's id
	 * @param created {@code true} for a new import, {@code false} for an earlier one with
	 * the same idempotency key
	 */
	record Received(UUID id, boolean created) {

	}

}
