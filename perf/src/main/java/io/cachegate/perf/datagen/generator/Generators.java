package io.cachegate.perf.datagen.generator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

/**
 * The field generators. Each is an immutable value; {@link GeneratorFactory} builds them
 * from a schema.
 */
final class Generators {

	private Generators() {
	}

	/**
	 * start, start+step, ... by row index, so any row can be made without the ones before
	 * it.
	 */
	record Sequence(long start, long step) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			return this.start + row.index() * this.step;
		}

	}

	/**
	 * Like a sequence, but starts again every {@code resetEvery} rows (line numbers
	 * within a group).
	 */
	record Counter(long start, long step, long resetEvery) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			return this.start + (row.index() % this.resetEvery) * this.step;
		}

	}

	/**
	 * Random (version 4) UUIDs, drawn from the row's stream, so the same seed gives the
	 * same UUIDs.
	 */
	record Uuid() implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			long most = (random.nextLong() & ~0xF000L) | 0x4000L;
			long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
			return new UUID(most, least).toString();
		}

	}

	record IntRange(long min, long max, Distribution distribution) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			return this.distribution.nextLong(random, this.min, this.max);
		}

	}

	record DecimalRange(double min, double max, int scale, Distribution distribution) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			double value = this.distribution.nextDouble(random, this.min, this.max);
			return BigDecimal.valueOf(value).setScale(this.scale, RoundingMode.HALF_UP);
		}

	}

	record Pattern(StringPattern pattern) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			return this.pattern.generate(random);
		}

	}

	record Pick(Dictionary dictionary, Distribution distribution) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			return this.dictionary.word((int) this.distribution.nextLong(random, 0, this.dictionary.size() - 1));
		}

	}

	/** One of fixed values, by weight: cumulative weights and a binary search. */
	record WeightedEnum(Object[] values, double[] cumulative) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			double target = random.nextDouble() * this.cumulative[this.cumulative.length - 1];
			int low = 0;
			int high = this.cumulative.length - 1;
			while (low < high) {
				int middle = (low + high) >>> 1;
				if (this.cumulative[middle] > target) {
					high = middle;
				}
				else {
					low = middle + 1;
				}
			}
			return this.values[low];
		}

	}

	/**
	 * Text made from other fields. {@code invalidShare} of the values lose their '@' (a
	 * broken e-mail for import tests); {@code maxLength} cuts what the target column
	 * cannot hold.
	 */
	record Derived(Template template, boolean lowercase, int maxLength, double invalidShare) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			String text = this.template.render(row);
			if (this.lowercase) {
				text = text.toLowerCase(Locale.ROOT);
			}
			if (this.invalidShare > 0 && random.nextDouble() < this.invalidShare) {
				text = text.replace('@', '.');
			}
			return (text.length() > this.maxLength) ? text.substring(0, this.maxLength) : text;
		}

	}

	/** Days in [min, max] (epoch days), spread by the distribution. */
	record DateRange(long minDay, long maxDay, Distribution distribution) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			return LocalDate.ofEpochDay(this.distribution.nextLong(random, this.minDay, this.maxDay));
		}

	}

	/**
	 * A birth date for an age drawn from the distribution (or read from another field),
	 * on a reference date fixed in the schema: "today" would make output depend on the
	 * day it ran. {@code futureShare} of the dates land after the reference date, which
	 * an import must reject.
	 */
	record BirthDate(LocalDate reference, long minAge, long maxAge, Distribution ages, int ageField,
			double futureShare) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			if (this.futureShare > 0 && random.nextDouble() < this.futureShare) {
				return this.reference.plusDays(1 + random.nextInt(3650));
			}
			long age;
			if (this.ageField >= 0) {
				Object value = row.get(this.ageField);
				if (!(value instanceof Number number)) {
					return null;
				}
				age = number.longValue();
			}
			else {
				age = this.ages.nextLong(random, this.minAge, this.maxAge);
			}
			// Turned `age` at some day of the past year: born between age+1 years ago
			// (exclusive) and age years ago.
			return this.reference.minusYears(age).minusDays(random.nextInt(365));
		}

	}

	record CpfNumber(double invalidShare, boolean formatted) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			boolean valid = this.invalidShare == 0 || random.nextDouble() >= this.invalidShare;
			String digits = Cpf.generate(random, valid);
			return this.formatted ? Cpf.format(digits) : digits;
		}

	}

	/**
	 * Brazilian numbers with a real area code (DDD): mobiles are 9 + 8 digits, landlines
	 * start with 2-5. {@code e164} gives +5511987654321, {@code international} +55 11
	 * 98765-4321, {@code national} (11) 98765-4321 (which user-service refuses: its
	 * phones start with + or a digit).
	 */
	record Phone(PhoneFormat format, double mobileShare) implements FieldGenerator {

		private static final int[] AREA_CODES = { 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33,
				34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69,
				71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99 };

		@Override
		public Object generate(RowRandom random, RowValues row) {
			int area = AREA_CODES[random.nextInt(AREA_CODES.length)];
			boolean mobile = random.nextDouble() < this.mobileShare;
			String first = mobile ? "9" + (char) ('6' + random.nextInt(4))
					: String.valueOf((char) ('2' + random.nextInt(4)));
			StringBuilder number = new StringBuilder(first);
			int length = mobile ? 9 : 8;
			while (number.length() < length) {
				number.append((char) ('0' + random.nextInt(10)));
			}
			int split = number.length() - 4;
			return switch (this.format) {
				case E164 -> "+55" + area + number;
				case INTERNATIONAL -> "+55 " + area + " " + number.substring(0, split) + "-" + number.substring(split);
				case NATIONAL -> "(" + area + ") " + number.substring(0, split) + "-" + number.substring(split);
			};
		}

	}

	/** How a phone number is written. */
	enum PhoneFormat {

		E164, INTERNATIONAL, NATIONAL

	}

	record Bool(double trueShare) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			return random.nextDouble() < this.trueShare;
		}

	}

	record Constant(Object value) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			return this.value;
		}

	}

	/**
	 * A key of another entity's row (a foreign key). The row is chosen by the
	 * distribution and its key recomputed from (seed, entity, row), so nothing generated
	 * earlier has to be kept in memory.
	 */
	record Reference(EntityGenerator target, int field, long rows,
			Distribution distribution) implements FieldGenerator {

		@Override
		public Object generate(RowRandom random, RowValues row) {
			long index = this.distribution.nextLong(random, 0, this.rows - 1);
			return this.target.valueOf(index, this.field);
		}

	}

}
