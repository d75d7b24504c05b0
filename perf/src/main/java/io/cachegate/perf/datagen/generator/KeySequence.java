package io.cachegate.perf.datagen.generator;

/**
 * The keys a benchmark workload requests, in order: request {@code i} picks a row of the
 * entity by the distribution (Zipf: a few hot keys, a long cold tail) and yields that
 * row's key. With {@code scatter}, popularity ranks map to rows through a seeded
 * bijection {@code (a * rank + b) mod n}, so the hot keys are spread over the id range
 * instead of being ids 1, 2, 3; the same seed gives the same keys.
 */
public final class KeySequence {

	private final EntityGenerator entity;

	private final long rows;

	private final Distribution distribution;

	private final long seed;

	private final long streamHash;

	private final long multiplier;

	private final long offset;

	/**
	 * @param entity whose keys to request
	 * @param distribution how popular each row is (rank 1 is the most popular)
	 * @param seed the run's seed
	 * @param scatter whether to spread popular ranks over the rows
	 */
	public KeySequence(EntityGenerator entity, Distribution distribution, long seed, boolean scatter) {
		if (entity.rows() < 1) {
			throw new IllegalArgumentException("entity '" + entity.name() + "' has no rows to draw keys from");
		}
		this.entity = entity;
		this.rows = entity.rows();
		this.distribution = distribution;
		this.seed = seed;
		this.streamHash = RowRandom.hash("keys:" + entity.name());
		// The affine map is a bijection when gcd(a, n) = 1; products stay below 2^63 for
		// n < 3e9.
		if (scatter && this.rows > 2 && this.rows < 3_000_000_000L) {
			long a = Math.floorMod(RowRandom.mix64(seed ^ 0x5DEECE66DL), this.rows) | 1;
			while (gcd(a, this.rows) != 1) {
				a += 2;
				if (a >= this.rows) {
					a = 1;
				}
			}
			this.multiplier = a;
			this.offset = Math.floorMod(RowRandom.mix64(seed + 0x2545F4914F6CDD1DL), this.rows);
		}
		else {
			this.multiplier = 1;
			this.offset = 0;
		}
	}

	/** The key of request {@code index}. */
	public Object key(long index) {
		RowRandom random = new RowRandom(RowRandom.streamSeed(this.seed, this.streamHash, 0, index));
		long rank = this.distribution.nextLong(random, 0, this.rows - 1);
		long row = (this.multiplier * rank + this.offset) % this.rows;
		return this.entity.valueOf(row, this.entity.keyIndex());
	}

	private static long gcd(long a, long b) {
		while (b != 0) {
			long t = a % b;
			a = b;
			b = t;
		}
		return a;
	}

}
