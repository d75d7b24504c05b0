package io.cachegate.users.importing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordSplitterTests {

	@Test
	void splitsRecordsWhateverTheBufferBoundaries() {
		String file = "a,b\r\n1,\"x\ny\"\n\n2,\"q\"\"uo,te\"\n3,\u00e3\u00e7\u00e3o\n";
		byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
		List<RawRecord> whole = split(Flux.just(bytes), true);
		assertThat(whole).containsExactly(new RawRecord(1, "a,b"), new RawRecord(2, "1,\"x\ny\""),
				new RawRecord(5, "2,\"q\"\"uo,te\""), new RawRecord(6, "3,\u00e3\u00e7\u00e3o"));
		// One byte per buffer cuts through quotes, CRLF and multi-byte characters: the
		// same records.
		Flux<byte[]> bytewise = Flux.range(0, bytes.length).map((i) -> new byte[] { bytes[i] });
		assertThat(split(bytewise, true)).isEqualTo(whole);
	}

	@Test
	void ndjsonRecordsEndAtEveryNewline() {
		byte[] bytes = "{\"a\":\"\\\"x\"}\n{\"b\":\"\"}\n".getBytes(StandardCharsets.UTF_8);
		assertThat(split(Flux.just(bytes), false)).extracting(RawRecord::line).containsExactly(1L, 2L);
	}

	@Test
	void stripsByteOrderMark() {
		byte[] bytes = "\uFEFFusername\n".getBytes(StandardCharsets.UTF_8);
		assertThat(split(Flux.just(bytes), true)).containsExactly(new RawRecord(1, "username"));
	}

	@Test
	void refusesNulBytes() {
		byte[] bytes = "a\nb\u0000c\n".getBytes(StandardCharsets.UTF_8);
		assertThatThrownBy(() -> split(Flux.just(bytes), true)).isInstanceOf(ImportRejectedException.class)
			.hasMessageContaining("binary")
			.hasMessageContaining("line 2");
	}

	@Test
	void refusesMalformedUtf8() {
		byte[] bytes = { 'a', '\n', (byte) 0xC3, '(', '\n' };
		assertThatThrownBy(() -> split(Flux.just(bytes), true)).isInstanceOf(ImportRejectedException.class)
			.hasMessage("The file is not UTF-8 text (line 2)");
	}

	@Test
	void refusesOverlongRecordAndUnterminatedQuote() {
		byte[] longLine = "x".repeat(5000).getBytes(StandardCharsets.UTF_8);
		assertThatThrownBy(() -> split(Flux.just(longLine), true, 4096)).isInstanceOf(ImportRejectedException.class)
			.hasMessageContaining("longer than 4096 bytes");
		byte[] open = "a\n\"b,c\nd\n".getBytes(StandardCharsets.UTF_8);
		assertThatThrownBy(() -> split(Flux.just(open), true)).isInstanceOf(ImportRejectedException.class)
			.hasMessageContaining("quoted field")
			.hasMessageContaining("line 2");
	}

	/**
	 * A 64 MB stream read by a slow consumer in parts: the splitter never asks for more
	 * than a few buffers ahead of what was consumed, so memory stays bounded whatever the
	 * stream's size.
	 */
	@Test
	void readsBigStreamWithBoundedLookahead() {
		int bufferSize = 8192;
		int buffers = 8192;
		byte[] line = "0123456789,abcdefghij,klmnopqrst,uvwxyz\n".getBytes(StandardCharsets.UTF_8);
		AtomicLong produced = new AtomicLong();
		AtomicLong consumed = new AtomicLong();
		AtomicLong maxAhead = new AtomicLong();
		Flux<DataBuffer> body = Flux.range(0, buffers).map((n) -> {
			byte[] chunk = new byte[bufferSize];
			for (int i = 0; i < bufferSize; i++) {
				chunk[i] = line[(int) ((((long) n) * bufferSize + i) % line.length)];
			}
			produced.addAndGet(bufferSize);
			maxAhead.accumulateAndGet(produced.get() - consumed.get(), Math::max);
			return DefaultDataBufferFactory.sharedInstance.wrap(chunk);
		});
		long records = RecordSplitter.split(body, true, 65536)
			.doOnNext((record) -> consumed.addAndGet(record.text().length() + 1))
			.buffer(10_000)
			.concatMap((part) -> Mono.delay(Duration.ofMillis(1)).thenReturn(part.size()), 1)
			.reduce(0L, Long::sum)
			.block(Duration.ofSeconds(60));
		// The stream ends in the middle of a line: that last, unterminated record counts
		// too.
		assertThat(records).isEqualTo(((long) bufferSize * buffers + line.length - 1) / line.length);
		// At most the splitter's prefetch plus about two parts (10,000 records of 40
		// bytes) ahead; never the stream.
		assertThat(maxAhead.get()).isLessThan((RecordSplitter.PREFETCH + 2L) * bufferSize + 3L * 10_000 * line.length)
			.isLessThan(produced.get() / 20);
	}

	private static List<RawRecord> split(Flux<byte[]> chunks, boolean quoting) {
		return split(chunks, quoting, 65536);
	}

	private static List<RawRecord> split(Flux<byte[]> chunks, boolean quoting, int max) {
		Flux<DataBuffer> body = chunks.map(DefaultDataBufferFactory.sharedInstance::wrap);
		return RecordSplitter.split(body, quoting, max).collectList().block(Duration.ofSeconds(10));
	}

}
