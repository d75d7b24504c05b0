package io.cachegate.cache.web;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegate.cache.web.PrefilteredPattern;

/**
 * The shortcut never changes an answer: for every pattern and path here, the prefiltered
 * match equals Spring's own match of the parsed path.
 */
class PrefilteredPatternTests {

	private static final List<String> PATTERNS = List.of("/auth/**", "/actuator/health", "/users/{id}",
			"/users/{id}/private", "/v3/api-docs/**", "/a?c/**", "/files/*.json", "/", "/**");

	@ParameterizedTest
	@CsvSource({ "/auth", "/auth/", "/auth/token", "/authx", "/Auth/token", "/%61uth/token", "/auth;v=1/token",
			"//auth/token", "/actuator/health", "/actuator/health/", "/actuator/healthy", "/users/7",
			"/users/7/private", "/users/7/private/", "/users/", "/v3/api-docs", "/v3/api-docs/x", "/x/admin", "/abc/d",
			"/files/a.json", "/files/a.xml", "/", "/other" })
	void matchesExactlyAsSpringDoes(String path) {
		for (String text : PATTERNS) {
			boolean expected = PathPatternParser.defaultInstance.parse(text).matches(PathContainer.parsePath(path));
			PrefilteredPattern pattern = PrefilteredPattern.parse(text);
			assertThat(pattern.matches(path)).as("%s on %s", text, path).isEqualTo(expected);
			assertThat(pattern.matches(PathContainer.parsePath(path))).as("%s on parsed %s", text, path)
				.isEqualTo(expected);
		}
	}

	@ParameterizedTest
	@CsvSource({ "/auth/**, /auth", "/users/{id}, /users", "/actuator/health, /actuator/health", "/a?c/**, ''",
			"/files/*.json, /files" })
	void literalStartIsTheTextBeforeTheFirstWildcardUpToASlash(String pattern, String start) {
		assertThat(PrefilteredPattern.literalStart(pattern)).isEqualTo(start);
	}

}
