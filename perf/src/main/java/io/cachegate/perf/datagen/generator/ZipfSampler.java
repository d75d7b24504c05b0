package io.cachegate.perf.datagen.generator;

/**
 * Ranks 1..n with probability proportional to 1/k^s, in constant time per draw and
 * constant memory, by rejection-inversion (Hörmann and Derflinger, 1996). A table of n
 * cumulative weights would cost 8 MB per million keys and a binary search per draw; this
 * needs neither.
 */
final class ZipfSampler {

	private final long n;

	private final double exponent;

	private final double hIntegralX1;

	private final double hIntegralN;

	private final double squeeze;

	ZipfSampler(long n, double exponent) {
		if (n < 1) {
			throw new IllegalArgumentException("Zipf needs at least one element");
		}
		if (!(exponent > 0)) {
			throw new IllegalArgumentException("the Zipf exponent must be positive, got " + exponent);
		}
		this.n = n;
		this.exponent = exponent;
		this.hIntegralX1 = hIntegral(1.5) - 1;
		this.hIntegralN = hIntegral(n + 0.5);
		this.squeeze = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
	}

	/** A rank in 1..n. */
	long sample(RowRandom random) {
		while (true) {
			double u = this.hIntegralN + random.nextDouble() * (this.hIntegralX1 - this.hIntegralN);
			double x = hIntegralInverse(u);
			long k = (long) (x + 0.5);
			if (k < 1) {
				k = 1;
			}
			else if (k > this.n) {
				k = this.n;
			}
			if (k - x <= this.squeeze || u >= hIntegral(k + 0.5) - h(k)) {
				return k;
			}
		}
	}

	/** The exact probability of rank k, for tests and documentation. */
	static double probability(long k, long n, double exponent) {
		double norm = 0;
		for (long i = 1; i <= n; i++) {
			norm += StrictMath.pow(i, -exponent);
		}
		return StrictMath.pow(k, -exponent) / norm;
	}

	private double h(double x) {
		return StrictMath.exp(-this.exponent * StrictMath.log(x));
	}

	/**
	 * The integral of h from 1 to x, written so it stays exact as the exponent approaches
	 * 1.
	 */
	private double hIntegral(double x) {
		double logX = StrictMath.log(x);
		return expm1OverX((1 - this.exponent) * logX) * logX;
	}

	private double hIntegralInverse(double x) {
		double t = x * (1 - this.exponent);
		if (t < -1) {
			// Rounding can push t just past the pole; -1 maps to the smallest x.
			t = -1;
		}
		return StrictMath.exp(log1pOverX(t) * x);
	}

	private static double expm1OverX(double x) {
		return (Math.abs(x) > 1e-8) ? StrictMath.expm1(x) / x : 1 + x / 2 * (1 + x / 3 * (1 + x / 4));
	}

	private static double log1pOverX(double x) {
		return (Math.abs(x) > 1e-8) ? StrictMath.log1p(x) / x : 1 - x * (1.0 / 2 - x * (1.0 / 3 - x / 4));
	}

}
