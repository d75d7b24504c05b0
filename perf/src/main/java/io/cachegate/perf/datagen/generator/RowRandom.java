package io.cachegate.perf.datagen.generator;

/**
 * SplitMix64, reseeded for every (seed, entity, field, row). A row's values therefore
 * depend only on where the row is, never on which thread made it or what was generated
 * before, which is what makes output byte-identical across batch sizes and thread counts.
 * Not thread-safe: each generator thread owns one.
 */
public final class RowRandom {

	private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

	private long state;

	private double nextGaussian;

	private boolean haveNextGaussian;

	public RowRandom(long seed) {
		reset(seed);
	}

	public RowRandom reset(long seed) {
		this.state = seed;
		this.haveNextGaussian = false;
		return this;
	}

	public long nextLong() {
		return mix64(this.state += GOLDEN_GAMMA);
	}

	/** Uniform in [0, 1). */
	public double nextDouble() {
		return (nextLong() >>> 11) * 0x1.0p-53;
	}

	/** Uniform in [0, bound), without modulo bias. */
	public long nextLong(long bound) {
		if (bound <= 0) {
			throw new IllegalArgumentException("bound must be positive");
		}
		long mask = bound - 1;
		if ((bound & mask) == 0) {
			return nextLong() & mask;
		}
		long bits;
		long value;
		do {
			bits = nextLong() >>> 1;
			value = bits % bound;
		}
		while (bits - value + mask < 0);
		return value;
	}

	public int nextInt(int bound) {
		return (int) nextLong(bound);
	}

	/** Standard normal (Marsaglia's polar method). */
	public double nextGaussian() {
		if (this.haveNextGaussian) {
			this.haveNextGaussian = false;
			return this.nextGaussian;
		}
		double v1;
		double v2;
		double s;
		do {
			v1 = 2 * nextDouble() - 1;
			v2 = 2 * nextDouble() - 1;
			s = v1 * v1 + v2 * v2;
		}
		while (s >= 1 || s == 0);
		double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
		this.nextGaussian = v2 * multiplier;
		this.haveNextGaussian = true;
		return v1 * multiplier;
	}

	/** Stafford's variant 13 finaliser, the SplitMix64 output function. */
	public static long mix64(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	/**
	 * A stable 64-bit hash of a name (FNV-1a, then mixed), independent of JVM and locale.
	 */
	public static long hash(String name) {
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < name.length(); i++) {
			hash ^= name.charAt(i);
			hash *= 0x100000001b3L;
		}
		return mix64(hash);
	}

	/** The seed for one stream: a field of an entity at one row. */
	public static long streamSeed(long seed, long entityHash, long fieldHash, long row) {
		return mix64(mix64(mix64(seed ^ entityHash) + fieldHash) + row * GOLDEN_GAMMA);
	}

}
