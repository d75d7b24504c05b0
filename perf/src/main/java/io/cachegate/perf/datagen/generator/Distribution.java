package io.cachegate.perf.datagen.generator;

import java.util.Locale;

import io.cachegate.perf.datagen.schema.Params;

/**
 * How values spread over a range: {@code uniform}, {@code normal} (mean, stddev),
 * {@code exponential} (mean) or {@code zipf} (exponent; rank 1 is the range's minimum).
 * Draws outside the range are drawn again, so the shape inside the range is the truncated
 * distribution, not a pile-up at the edges.
 */
public sealed interface Distribution {

	/** An integer in [min, max]. */
	long nextLong(RowRandom random, long min, long max);

	/** A real number in [min, max]. */
	double nextDouble(RowRandom random, double min, double max);

	static Distribution uniform() {
		return new Uniform();
	}

	static Distribution normal(double mean, double stddev) {
		return new Normal(mean, stddev);
	}

	static Distribution exponential(double mean) {
		return new Exponential(mean);
	}

	static Distribution zipf(double exponent) {
		return new Zipf(exponent);
	}

	/**
	 * Reads {@code distribution} and its parameters ({@code mean}, {@code stddev},
	 * {@code zipf_exponent}) for a range whose defaults come from {@code min} and
	 * {@code max}.
	 */
	static Distribution from(Params params, double min, double max) {
		String name = params.string("distribution", "uniform").toLowerCase(Locale.ROOT);
		switch (name) {
			case "uniform":
				return uniform();
			case "normal": {
				double mean = params.number("mean", (min + max) / 2);
				double stddev = params.number("stddev", (max - min) / 6);
				if (!(stddev > 0)) {
					throw params.error("stddev", "'stddev' must be positive, got " + stddev);
				}
				return normal(mean, stddev);
			}
			case "exponential": {
				double mean = params.number("mean", min + (max - min) / 4);
				if (!(mean > min)) {
					throw params.error("mean",
							"'mean' of an exponential distribution must be above min (" + min + "), got " + mean);
				}
				return exponential(mean - min);
			}
			case "zipf": {
				double exponent = params.number("zipf_exponent", 1.0);
				if (!(exponent > 0)) {
					throw params.error("zipf_exponent", "'zipf_exponent' must be positive, got " + exponent);
				}
				return zipf(exponent);
			}
			default:
				throw params.error("distribution",
						"unknown distribution '" + name + "' (known: uniform, normal, exponential, zipf)");
		}
	}

	/** Every value equally likely. */
	record Uniform() implements Distribution {

		@Override
		public long nextLong(RowRandom random, long min, long max) {
			return min + random.nextLong(max - min + 1);
		}

		@Override
		public double nextDouble(RowRandom random, double min, double max) {
			return min + random.nextDouble() * (max - min);
		}

	}

	/** Bell curve around {@code mean}. */
	record Normal(double mean, double stddev) implements Distribution {

		@Override
		public long nextLong(RowRandom random, long min, long max) {
			for (int attempt = 0; attempt < 1000; attempt++) {
				long value = Math.round(this.mean + this.stddev * random.nextGaussian());
				if (value >= min && value <= max) {
					return value;
				}
			}
			// The range lies far out in a tail: give up on the shape rather than loop
			// forever.
			return Math.max(min, Math.min(max, Math.round(this.mean)));
		}

		@Override
		public double nextDouble(RowRandom random, double min, double max) {
			for (int attempt = 0; attempt < 1000; attempt++) {
				double value = this.mean + this.stddev * random.nextGaussian();
				if (value >= min && value <= max) {
					return value;
				}
			}
			return Math.max(min, Math.min(max, this.mean));
		}

	}

	/** Decaying from the minimum; {@code mean} is the mean distance above the minimum. */
	record Exponential(double mean) implements Distribution {

		@Override
		public long nextLong(RowRandom random, long min, long max) {
			for (int attempt = 0; attempt < 1000; attempt++) {
				double offset = -this.mean * StrictMath.log(1 - random.nextDouble());
				long value = min + (long) Math.floor(offset);
				if (offset < (double) (max - min) + 1 && value <= max) {
					return value;
				}
			}
			return min;
		}

		@Override
		public double nextDouble(RowRandom random, double min, double max) {
			for (int attempt = 0; attempt < 1000; attempt++) {
				double value = min - this.mean * StrictMath.log(1 - random.nextDouble());
				if (value <= max) {
					return value;
				}
			}
			return min;
		}

	}

	/**
	 * Rank-frequency law: the minimum is the most frequent value, then min+1, and so on.
	 */
	final class Zipf implements Distribution {

		private final double exponent;

		// Samplers are immutable; cache the last one since a field always asks for the
		// same range.
		private volatile Sized cached;

		Zipf(double exponent) {
			this.exponent = exponent;
		}

		double exponent() {
			return this.exponent;
		}

		@Override
		public long nextLong(RowRandom random, long min, long max) {
			return min + sampler(max - min + 1).sample(random) - 1;
		}

		@Override
		public double nextDouble(RowRandom random, double min, double max) {
			// 1000 steps over the range, ranked from the minimum.
			long rank = sampler(1000).sample(random);
			return min + (rank - 1) * (max - min) / 999;
		}

		private ZipfSampler sampler(long size) {
			Sized current = this.cached;
			if (current == null || current.size() != size) {
				current = new Sized(size, new ZipfSampler(size, this.exponent));
				this.cached = current;
			}
			return current.sampler();
		}

		private record Sized(long size, ZipfSampler sampler) {
		}

	}

}
