package io.cachegate.users.importing;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Cuts a byte stream into records, chunk by chunk, whatever the chunk boundaries: a
 * record may start in one buffer and end in the next, and with CSV quoting a newline
 * inside a quoted field does not end the record. It works on bytes: {@code "} and
 * {@code \n} never occur inside a multi-byte UTF-8 sequence, so only finished records are
 * decoded, strictly (malformed UTF-8 is refused, not replaced). Memory is bounded by the
 * longest record allowed. Blank lines are skipped; a trailing {@code \r} (CRLF files) is
 * dropped.
 */
final class RecordSplitter {

	/**
	 * Upstream buffers requested ahead of the one being split: small, so a slow consumer
	 * slows the upload.
	 */
	static final int PREFETCH = 2;

	private final boolean quoting;

	private final int maxRecordSize;

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	private byte[] record = new byte[512];

	private int length;

	private boolean inQuotes;

	private long line = 1;

	private long recordLine = 1;

	private boolean first = true;

	RecordSplitter(boolean quoting, int maxRecordSize) {
		this.quoting = quoting;
		this.maxRecordSize = maxRecordSize;
	}

	/**
	 * The records of a body, read as it arrives. Each buffer is released once split.
	 * @param body the bytes
	 * @param quoting whether CSV quotes may hold newlines (CSV) or not (NDJSON)
	 * @param maxRecordSize the longest record, in bytes
	 * @return the records, failing with {@link ImportRejectedException} on binary or
	 * malformed input
	 */
	static Flux<RawRecord> split(Flux<DataBuffer> body, boolean quoting, int maxRecordSize) {
		return Flux.defer(() -> {
			RecordSplitter splitter = new RecordSplitter(quoting, maxRecordSize);
			// The error is returned, not thrown: a throwing mapper would also have the
			// operator discard (release)
			// the buffer released here already.
			return body.concatMap((buffer) -> {
				List<RawRecord> records;
				try {
					records = splitter.feed(buffer);
				}
				catch (ImportRejectedException ex) {
					return Flux.error(ex);
				}
				finally {
					DataBufferUtils.release(buffer);
				}
				return Flux.fromIterable(records);
			}, PREFETCH).concatWith(Mono.fromCallable(splitter::finish).flatMapIterable((last) -> last));
		}).doOnDiscard(DataBuffer.class, DataBufferUtils::release);
	}

	List<RawRecord> feed(DataBuffer buffer) {
		byte[] bytes = new byte[buffer.readableByteCount()];
		buffer.read(bytes);
		return feed(bytes, bytes.length);
	}

	List<RawRecord> feed(byte[] bytes, int count) {
		List<RawRecord> records = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			byte b = bytes[i];
			if (b == 0) {
				throw ImportRejectedException
					.malformed("The file is binary, not CSV or NDJSON text: it holds a NUL byte", this.line);
			}
			if (b == '\n') {
				if (!this.inQuotes) {
					emit(records);
					this.line++;
					this.recordLine = this.line;
					continue;
				}
				this.line++;
			}
			else if (b == '"' && this.quoting) {
				this.inQuotes = !this.inQuotes;
			}
			append(b);
		}
		return records;
	}

	List<RawRecord> finish() {
		if (this.inQuotes) {
			throw ImportRejectedException.malformed("The file ends inside a quoted field that starts", this.recordLine);
		}
		List<RawRecord> records = new ArrayList<>(1);
		emit(records);
		return records;
	}

	private void append(byte b) {
		if (this.length == this.record.length) {
			if (this.length >= this.maxRecordSize) {
				throw ImportRejectedException.malformed(
						"A record is longer than " + this.maxRecordSize
								+ " bytes; is this really a CSV or NDJSON file (or a quote left open)?",
						this.recordLine);
			}
			this.record = Arrays.copyOf(this.record, Math.min(this.maxRecordSize, this.length * 2));
		}
		this.record[this.length++] = b;
	}

	private void emit(List<RawRecord> records) {
		int end = this.length;
		if (end > 0 && this.record[end - 1] == '\r') {
			end--;
		}
		this.length = 0;
		if (end == 0) {
			return;
		}
		String text;
		try {
			text = this.decoder.decode(ByteBuffer.wrap(this.record, 0, end)).toString();
		}
		catch (CharacterCodingException ex) {
			throw ImportRejectedException.malformed("The file is not UTF-8 text", this.recordLine);
		}
		if (this.first) {
			this.first = false;
			if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
				text = text.substring(1);
			}
		}
		if (!text.isBlank()) {
			records.add(new RawRecord(this.recordLine, text));
		}
		// Large records are rare: give their array back rather than keep it for the rest
		// of the upload.
		if (this.record.length > 4096) {
			this.record = new byte[512];
		}
	}

}
