package io.cachegate.perf.datagen.pipeline;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows how far a run is. On a terminal a bar redrawn in place with rate and time left;
 * otherwise (a log, a CI job) one plain line per interval, which also carries the used
 * heap so a long run can show that memory stays flat.
 */
public final class ProgressReporter implements AutoCloseable {

	private static final int BAR_WIDTH = 30;

	private final PipelineStats stats;

	private final PrintStream out;

	private final boolean terminal;

	private final Duration interval;

	private final LongSupplier clock;

	private final long start;

	private final Thread thread;

	private volatile boolean running = true;

	/**
	 * @param stats what to report
	 * @param out where (stderr: stdout may carry the data)
	 * @param terminal whether {@code out} is a terminal
	 * @param interval time between updates
	 */
	public ProgressReporter(PipelineStats stats, PrintStream out, boolean terminal, Duration interval) {
		this.stats = stats;
		this.out = out;
		this.terminal = terminal;
		this.interval = interval;
		this.clock = System::nanoTime;
		this.start = this.clock.getAsLong();
		this.thread = new Thread(this::loop, "datagen-progress");
		this.thread.setDaemon(true);
	}

	public ProgressReporter start() {
		this.thread.start();
		return this;
	}

	private void loop() {
		while (this.running) {
			try {
				Thread.sleep(this.interval.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
			if (this.running) {
				this.out.print(this.terminal ? "\r" + bar() : line() + System.lineSeparator());
				this.out.flush();
			}
		}
	}

	/** One plain progress line. */
	String line() {
		long written = this.stats.written();
		double seconds = elapsedSeconds();
		double rate = (seconds > 0) ? written / seconds : 0;
		Runtime runtime = Runtime.getRuntime();
		long usedMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
		return String.format(Locale.ROOT,
				"datagen: %d/%d rows (%.0f%%), %.0f rows/s, elapsed %s, left %s, heap used %d MB", written,
				this.stats.total(), percent(written), rate, duration(seconds), eta(written, rate), usedMb);
	}

	/** The bar as drawn on a terminal. */
	String bar() {
		long written = this.stats.written();
		double seconds = elapsedSeconds();
		double rate = (seconds > 0) ? written / seconds : 0;
		int filled = (int) (BAR_WIDTH * percent(written) / 100);
		return String.format(Locale.ROOT, "[%s%s] %3.0f%% %,d/%,d rows  %,.0f rows/s  ETA %s   ", "#".repeat(filled),
				".".repeat(BAR_WIDTH - filled), percent(written), written, this.stats.total(), rate,
				eta(written, rate));
	}

	private double percent(long written) {
		return (this.stats.total() == 0) ? 100 : 100.0 * written / this.stats.total();
	}

	private String eta(long written, double rate) {
		if (rate <= 0) {
			return "?";
		}
		return duration((this.stats.total() - written) / rate);
	}

	private double elapsedSeconds() {
		return (this.clock.getAsLong() - this.start) / 1e9;
	}

	static String duration(double seconds) {
		long whole = Math.round(seconds);
		if (whole < 60) {
			return whole + "s";
		}
		if (whole < 3600) {
			return String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
		}
		return String.format(Locale.ROOT, "%dh%02dm", whole / 3600, (whole % 3600) / 60);
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
		try {
			this.thread.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.terminal) {
			this.out.print("\r" + bar() + System.lineSeparator());
			this.out.flush();
		}
	}

}
