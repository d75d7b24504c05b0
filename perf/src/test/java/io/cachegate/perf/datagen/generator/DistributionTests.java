package io.cachegate.perf.datagen.generator;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Checks the shape of each distribution, not just its range, with fixed seeds so the
 * outcome never changes between runs. Critical values are for p = 0.001: a correct
 * sampler fails with that chance for a given seed, and since seeds are fixed, a pass now
 * is a pass forever.
 */
class DistributionTests {

	private static final int SAMPLES = 200_000;

	private static RowRandom random(long seed) {
		return new RowRandom(RowRandom.mix64(seed));
	}

	@Test
	void uniformIntegersPassAChiSquareTest() {
		RowRandom random = random(1);
		int bins = 50;
		long[] counts = new long[bins];
		Distribution uniform = Distribution.uniform();
		for (int i = 0; i < SAMPLES; i++) {
			counts[(int) uniform.nextLong(random, 0, bins - 1)]++;
		}
		double[] expected = new double[bins];
		Arrays.fill(expected, SAMPLES / (double) bins);
		// chi-square, 49 degrees of freedom, p = 0.001: 85.35
		assertThat(chiSquare(counts, expected)).isLessThan(85.35);
	}

	@Test
	void uniformRealsPassAKolmogorovSmirnovTest() {
		RowRandom random = random(2);
		int n = 20_000;
		double[] values = new double[n];
		for (int i = 0; i < n; i++) {
			values[i] = Distribution.uniform().nextDouble(random, 10, 20);
		}
		double d = ksDistance(values, (value) -> (value - 10) / 10);
		// KS critical value for p = 0.001 is 1.95 / sqrt(n)
		assertThat(d).isLessThan(1.95 / Math.sqrt(n));
	}

	@Test
	void normalHasItsMeanAndStandardDeviationAndPassesKs() {
		RowRandom random = random(3);
		Distribution normal = Distribution.normal(50, 8);
		int n = 20_000;
		double[] values = new double[n];
		double sum = 0;
		double squares = 0;
		for (int i = 0; i < n; i++) {
			values[i] = normal.nextDouble(random, -1e9, 1e9);
			sum += values[i];
			squares += values[i] * values[i];
		}
		double mean = sum / n;
		double stddev = Math.sqrt(squares / n - mean * mean);
		assertThat(mean).isCloseTo(50, within(0.25));
		assertThat(stddev).isCloseTo(8, within(0.2));
		double d = ksDistance(values, (value) -> normalCdf((value - 50) / 8));
		assertThat(d).isLessThan(1.95 / Math.sqrt(n));
	}

	@Test
	void normalIntegersAreTruncatedToTheRangeNotPiledAtTheEdges() {
		RowRandom random = random(4);
		Distribution normal = Distribution.normal(0, 10);
		long atEdge = 0;
		for (int i = 0; i < 50_000; i++) {
			long value = normal.nextLong(random, -5, 5);
			assertThat(value).isBetween(-5L, 5L);
			if (value == 5) {
				atEdge++;
			}
		}
		// Truncated N(0, 10) over -5..5 is almost flat: about 1/11 of the draws at 5, not
		// a pile-up.
		assertThat(atEdge / 50_000.0).isCloseTo(1 / 11.0, within(0.01));
	}

	@Test
	void exponentialHasItsMeanAndPassesKs() {
		RowRandom random = random(5);
		Distribution exponential = Distribution.exponential(4);
		int n = 20_000;
		double[] values = new double[n];
		double sum = 0;
		for (int i = 0; i < n; i++) {
			values[i] = exponential.nextDouble(random, 0, 1e9);
			sum += values[i];
		}
		assertThat(sum / n).isCloseTo(4, within(0.1));
		double d = ksDistance(values, (value) -> 1 - Math.exp(-value / 4));
		assertThat(d).isLessThan(1.95 / Math.sqrt(n));
	}

	@Test
	void exponentialIntegersAreGeometricFromTheMinimum() {
		RowRandom random = random(6);
		Distribution exponential = Distribution.exponential(3);
		long[] counts = new long[4];
		for (int i = 0; i < SAMPLES; i++) {
			long value = exponential.nextLong(random, 10, 1_000_000);
			if (value < 14) {
				counts[(int) (value - 10)]++;
			}
		}
		// floor of an exponential with mean 3: P(k) = (1 - q) q^k with q = e^(-1/3)
		double q = Math.exp(-1 / 3.0);
		for (int k = 0; k < 4; k++) {
			assertThat(counts[k] / (double) SAMPLES).isCloseTo((1 - q) * Math.pow(q, k), within(0.005));
		}
	}

	@Test
	void zipfMatchesItsProbabilitiesByChiSquare() {
		RowRandom random = random(7);
		int n = 30;
		double exponent = 1.2;
		ZipfSampler sampler = new ZipfSampler(n, exponent);
		long[] counts = new long[n];
		for (int i = 0; i < SAMPLES; i++) {
			counts[(int) sampler.sample(random) - 1]++;
		}
		double[] expected = new double[n];
		for (int k = 1; k <= n; k++) {
			expected[k - 1] = SAMPLES * ZipfSampler.probability(k, n, exponent);
		}
		// chi-square, 29 degrees of freedom, p = 0.001: 58.30
		assertThat(chiSquare(counts, expected)).isLessThan(58.30);
	}

	@Test
	void zipfRankFrequencySlopeIsMinusTheExponentOverAMillionKeys() {
		for (double exponent : new double[] { 0.8, 1.0, 1.3 }) {
			RowRandom random = random(8);
			Distribution zipf = Distribution.zipf(exponent);
			int topRanks = 50;
			long[] counts = new long[topRanks];
			for (int i = 0; i < SAMPLES; i++) {
				long value = zipf.nextLong(random, 1, 1_000_000);
				if (value <= topRanks) {
					counts[(int) value - 1]++;
				}
			}
			// Least-squares slope of log(frequency) on log(rank).
			double sx = 0;
			double sy = 0;
			double sxx = 0;
			double sxy = 0;
			for (int k = 1; k <= topRanks; k++) {
				double x = Math.log(k);
				double y = Math.log(counts[k - 1]);
				sx += x;
				sy += y;
				sxx += x * x;
				sxy += x * y;
			}
			double slope = (topRanks * sxy - sx * sy) / (topRanks * sxx - sx * sx);
			assertThat(slope).as("slope for exponent %s", exponent).isCloseTo(-exponent, within(0.06));
		}
	}

	@Test
	void theSameSeedGivesTheSameDraws() {
		RowRandom a = random(9);
		RowRandom b = random(9);
		for (int i = 0; i < 1000; i++) {
			assertThat(a.nextGaussian()).isEqualTo(b.nextGaussian());
			assertThat(a.nextLong(17)).isEqualTo(b.nextLong(17));
		}
	}

	/**
	 * The Kolmogorov-Smirnov statistic: the largest distance between the sample's
	 * empirical distribution and {@code cdf}. Sorts {@code values}.
	 */
	private static double ksDistance(double[] values, DoubleUnaryOperator cdf) {
		Arrays.sort(values);
		int n = values.length;
		double d = 0;
		for (int i = 0; i < n; i++) {
			double expected = cdf.applyAsDouble(values[i]);
			d = Math.max(d, Math.max((i + 1.0) / n - expected, expected - (double) i / n));
		}
		return d;
	}

	private static double chiSquare(long[] observed, double[] expected) {
		double chi = 0;
		for (int i = 0; i < observed.length; i++) {
			double difference = observed[i] - expected[i];
			chi += difference * difference / expected[i];
		}
		return chi;
	}

	/**
	 * Standard normal CDF via the Abramowitz-Stegun erf approximation (error below
	 * 1.5e-7).
	 */
	private static double normalCdf(double z) {
		double x = Math.abs(z) / Math.sqrt(2);
		double t = 1 / (1 + 0.3275911 * x);
		double erf = 1
				- t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
						* Math.exp(-x * x);
		return (z >= 0) ? (1 + erf) / 2 : (1 - erf) / 2;
	}

}
