package io.cachegate.cache.observability;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTests {

	@Test
	void keepsShortPrintableIdsAndReplacesTheRest() {
		Pattern rule = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
		List<String> given = List.of("abc", "a.b_c:d-e", "x".repeat(128), "x".repeat(129), "", "a b", "a\nb", "ä",
				"id=1", "<script>");
		for (String id : given) {
			assertThat(RequestIds.acceptable(id)).as(id).isEqualTo(rule.matcher(id).matches());
		}
		assertThat(RequestIds.of("kept-1")).isEqualTo("kept-1");
		assertThat(RequestIds.of(null)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		assertThat(RequestIds.of("bad id")).isNotEqualTo("bad id").hasSize(36);
	}

}
