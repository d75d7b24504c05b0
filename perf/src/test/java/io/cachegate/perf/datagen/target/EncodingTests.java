package io.cachegate.perf.datagen.target;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EncodingTests {

	private static String csv(Object... row) {
		Utf8Buffer out = new Utf8Buffer(4);
		Encoding.csvRow(out, row);
		return new String(out.toByteArray(), StandardCharsets.UTF_8);
	}

	private static String json(Object value) {
		Utf8Buffer out = new Utf8Buffer(4);
		Encoding.jsonValue(out, value);
		return new String(out.toByteArray(), StandardCharsets.UTF_8);
	}

	@Test
	void csvQuotesOnlyWhatNeedsQuotingAndKeepsNullApartFromEmpty() {
		assertThat(csv(1L, null, "", "plain", "a,b", "say \"hi\"", "two\nlines"))
			.isEqualTo("1,,\"\",plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\n");
	}

	@Test
	void writesNumbersDatesAndDecimalsAsPlainText() {
		assertThat(csv(0L, -42L, Long.MIN_VALUE, Long.MAX_VALUE, 7, new BigDecimal("1E+3"), LocalDate.of(987, 3, 4),
				LocalDate.of(2024, 12, 31), true))
			.isEqualTo("0,-42,-9223372036854775808,9223372036854775807,7,1000,0987-03-04,2024-12-31,true\n");
	}

	@Test
	void encodesAnyTextAsUtf8() {
		String text = "João Ñandú 東京 😀 \"q\"";
		assertThat(csv(text)).isEqualTo("\"João Ñandú 東京 😀 \"\"q\"\"\"\n");
		assertThat(json(text)).isEqualTo("\"João Ñandú 東京 😀 \\\"q\\\"\"");
		assertThat(json("tab\there\\" + (char) 1)).isEqualTo("\"tab\\there\\\\\\u0001\"");
	}

	@Test
	void jsonObjectsLeaveOutExcludedFields() {
		Utf8Buffer out = new Utf8Buffer(4);
		Encoding.jsonObject(out, new String[] { "id", "name", "birth", "n" },
				new Object[] { 1L, "Ana", LocalDate.of(2000, 1, 2), null }, new boolean[] { false, true, true, true });
		assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
			.isEqualTo("{\"name\":\"Ana\",\"birth\":\"2000-01-02\",\"n\":null}");
	}

}
