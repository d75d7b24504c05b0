package io.cachegate.perf.datagen.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineTests {

	/** Records what the writer receives; optionally slow, to let generators run ahead. */
	private static class RecordingSink implements Sink<long[]> {

		final List<Long> rows = Collections.synchronizedList(new ArrayList<>());

		final List<Integer> batchSizes = new ArrayList<>();

		final AtomicLong maxAheadSeenByWriter = new AtomicLong();

		final long writeDelayMillis;

		PipelineStats stats;

		boolean finished;

		RecordingSink(long writeDelayMillis) {
			this.writeDelayMillis = writeDelayMillis;
		}

		@Override
		public long[] encode(long firstRow, Object[][] rows) {
			long[] encoded = new long[rows.length];
			for (int i = 0; i < rows.length; i++) {
				encoded[i] = (Long) rows[i][0];
			}
			return encoded;
		}

		@Override
		public void write(long[] payload, int rowCount) throws InterruptedException {
			if (this.stats != null) {
				this.maxAheadSeenByWriter.accumulateAndGet(this.stats.generated() - this.stats.written(), Math::max);
			}
			Thread.sleep(this.writeDelayMillis);
			for (long row : payload) {
				this.rows.add(row);
			}
			this.batchSizes.add(rowCount);
		}

		@Override
		public void finish() {
			this.finished = true;
		}

	}

	@Test
	void writesEveryRowOnceInOrderWithAPartialLastBatch() throws Exception {
		RecordingSink sink = new RecordingSink(0);
		PipelineStats stats = new PipelineStats(10_007);
		Pipeline.run(new PipelineSettings(10_007, 100, 4, 3), (index) -> new Object[] { index }, sink, stats);
		assertThat(sink.rows).hasSize(10_007);
		for (int i = 0; i < sink.rows.size(); i++) {
			assertThat(sink.rows.get(i)).isEqualTo(i);
		}
		assertThat(sink.batchSizes).hasSize(101);
		assertThat(sink.batchSizes.get(100)).isEqualTo(7);
		assertThat(sink.batchSizes.subList(0, 100)).containsOnly(100);
		assertThat(sink.finished).isTrue();
		assertThat(stats.written()).isEqualTo(10_007);
	}

	@Test
	void generatesNothingForZeroRows() throws Exception {
		RecordingSink sink = new RecordingSink(0);
		Pipeline.run(new PipelineSettings(0, 10, 2, 2), (index) -> new Object[] { index }, sink, new PipelineStats(0));
		assertThat(sink.rows).isEmpty();
		assertThat(sink.finished).isTrue();
	}

	@Test
	void aSlowTargetHoldsGeneratorsToTheBufferBound() throws Exception {
		int batchSize = 50;
		int bufferBatches = 4;
		AtomicLong generatedCalls = new AtomicLong();
		RecordingSink sink = new RecordingSink(5);
		PipelineStats stats = new PipelineStats(3_000);
		sink.stats = stats;
		Pipeline.run(new PipelineSettings(3_000, batchSize, 3, bufferBatches), (index) -> {
			generatedCalls.incrementAndGet();
			return new Object[] { index };
		}, sink, stats);
		assertThat(sink.rows).hasSize(3_000);
		assertThat(generatedCalls.get()).isEqualTo(3_000);
		// Generators are far faster than a writer sleeping 5 ms a batch, so they reach
		// the bound...
		assertThat(stats.maxAhead()).isEqualTo((long) batchSize * bufferBatches);
		// ...and never pass it, whether measured by the generators or by the writer.
		assertThat(sink.maxAheadSeenByWriter.get()).isLessThanOrEqualTo((long) batchSize * bufferBatches);
	}

	@Test
	void aGeneratorFailureStopsTheRunAndIsRethrown() {
		RecordingSink sink = new RecordingSink(0);
		assertThatThrownBy(() -> Pipeline.run(new PipelineSettings(10_000, 10, 2, 4), (index) -> {
			if (index == 5_000) {
				throw new IllegalStateException("broken row");
			}
			return new Object[] { index };
		}, sink, new PipelineStats(10_000))).isInstanceOf(IllegalStateException.class).hasMessage("broken row");
		// The writer may get as far as the batch before the broken row, never past it,
		// and never finishes.
		assertThat(sink.rows.size()).isLessThanOrEqualTo(5_000);
		for (int i = 0; i < sink.rows.size(); i++) {
			assertThat(sink.rows.get(i)).isEqualTo(i);
		}
		assertThat(sink.finished).isFalse();
	}

	@Test
	void aTargetFailureStopsTheGenerators() {
		AtomicLong generated = new AtomicLong();
		Sink<long[]> failing = new RecordingSink(0) {

			@Override
			public void write(long[] payload, int rowCount) throws InterruptedException {
				if (payload[0] >= 100) {
					throw new IllegalStateException("disk full");
				}
				super.write(payload, rowCount);
			}

		};
		assertThatThrownBy(() -> Pipeline.run(new PipelineSettings(1_000_000, 10, 2, 4), (index) -> {
			generated.incrementAndGet();
			return new Object[] { index };
		}, failing, new PipelineStats(1_000_000))).hasMessage("disk full");
		assertThat(generated.get()).isLessThan(1_000);
	}

	@Test
	void progressLinesShowRowsRateAndHeap() {
		PipelineStats stats = new PipelineStats(1000);
		stats.addGenerated(500);
		stats.addWritten(500);
		ProgressReporter reporter = new ProgressReporter(stats, System.err, false, Duration.ofSeconds(60));
		assertThat(reporter.line())
			.matches("datagen: 500/1000 rows \\(50%\\), \\d+ rows/s, elapsed \\d+s, left .+, heap used \\d+ MB");
		assertThat(reporter.bar()).startsWith("[###############...............]  50% 500/1,000 rows");
		assertThat(ProgressReporter.duration(3725)).isEqualTo("1h02m");
		assertThat(ProgressReporter.duration(125)).isEqualTo("2m05s");
	}

	@Test
	void defaultBufferFollowsTheHeapWithinBounds() {
		long mb = 1024 * 1024;
		// A quarter of 256 MB at ~1 KB a row is 64 batches of 1000 rows.
		assertThat(PipelineSettings.defaultBufferBatches(256 * mb, 1000, 2)).isEqualTo(64);
		assertThat(PipelineSettings.defaultBufferBatches(64 * mb, 1000, 2)).isEqualTo(16);
		assertThat(PipelineSettings.defaultBufferBatches(8 * mb, 1000, 3)).isEqualTo(6);
		assertThat(PipelineSettings.defaultBufferBatches(64 * 1024 * mb, 1000, 2)).isEqualTo(64);
	}

}
