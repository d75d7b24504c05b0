package io.cachegate.support.problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProblemTypeTests {

	/** A row of the table in docs/problem.yaml: {@code | `slug` | status | ...}. */
	private static final Pattern ROW = Pattern.compile("^\\s*\\| `([a-z-]+)` \\| ([0-9, ]+) \\|");

	@Test
	void docsListEveryRegisteredTypeWithItsStatusAndNoOther() throws IOException {
		Path file = Path.of("..", "docs", "problem.yaml");
		assertThat(file).as("run the tests from the module directory").exists();
		List<String> documented = Files.readAllLines(file)
			.stream()
			.map(ROW::matcher)
			.filter(Matcher::find)
			.map((row) -> row.group(1) + " " + row.group(2).split(",")[0].strip())
			.toList();
		List<String> registered = Arrays.stream(ProblemType.values())
			.map((type) -> type.slug() + " " + type.status().value())
			.toList();
		assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
	}

	@Test
	void findsATypeBySlugAndRefusesAnUnknownOne() {
		assertThat(ProblemType.of("invalid-request")).isEqualTo(ProblemType.INVALID_REQUEST);
		assertThat(ProblemType.INVALID_REQUEST.uri()).hasToString("https://cachegate.io/problems/invalid-request");
		assertThatIllegalArgumentException().isThrownBy(() -> ProblemType.of("invalid-input"))
			.withMessageContaining("invalid-input");
	}

	@Test
	void answersAnErrorKnownOnlyByStatusWithAGenericTypeKeepingTheStatus() {
		assertThat(ProblemType.forStatus(HttpStatus.SERVICE_UNAVAILABLE)).isEqualTo(ProblemType.SERVICE_UNAVAILABLE);
		assertThat(ProblemType.forStatus(HttpStatus.UNPROCESSABLE_CONTENT)).isEqualTo(ProblemType.BAD_REQUEST);
		assertThat(ProblemType.forStatus(HttpStatusCode.valueOf(599))).isEqualTo(ProblemType.INTERNAL_ERROR);
		assertThat(ProblemType.BAD_REQUEST.problem(HttpStatus.UNPROCESSABLE_CONTENT, "no").getStatus()).isEqualTo(422);
	}

	@Test
	void anInvalidRequestNeedsAViolation() {
		assertThatIllegalArgumentException().isThrownBy(() -> new InvalidRequestException(List.of()));
	}

}
