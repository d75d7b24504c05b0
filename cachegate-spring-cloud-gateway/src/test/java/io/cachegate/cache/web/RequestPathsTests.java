package io.cachegate.cache.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachegate.cache.web.RequestPaths;

class RequestPathsTests {

	@Test
	void refusesEncodedDotSegmentsInEverySpelling() {
		for (String path : new String[] { "/auth/%2E%2E/actuator/prometheus", "/users/%2e%2e/imports/1",
				"/users/.%2E/x", "/users/%2E./x", "/users/%2E/x", "/users/%2E%2E" }) {
			assertThat(RequestPaths.refusal(path)).as(path).contains("encoded dot");
		}
	}

	@Test
	void refusesEncodedSlashesBackslashesAndNul() {
		assertThat(RequestPaths.refusal("/users/1%2F..%2Fimports")).contains("encoded slash");
		assertThat(RequestPaths.refusal("/users/1%2f2")).contains("encoded slash");
		assertThat(RequestPaths.refusal("/users/1%5C2")).contains("encoded slash");
		assertThat(RequestPaths.refusal("/users/1%00")).contains("NUL");
	}

	@Test
	void acceptsEncodingsThatAreNotAmbiguous() {
		assertThat(RequestPaths.refusal("/users/1")).isNull();
		assertThat(RequestPaths.refusal("/users/caf%C3%A9")).isNull();
		assertThat(RequestPaths.refusal("/users/a%2Eb")).isNull();
		assertThat(RequestPaths.refusal("/users/%2E%2E%2E")).isNull();
	}

	@Test
	void normalizesLiteralDotSegmentsAndRepeatedSlashesAndIsIdempotent() {
		assertThat(RequestPaths.normalize("/users/../imports/1")).isEqualTo("/imports/1");
		assertThat(RequestPaths.normalize("/auth//./jwks")).isEqualTo("/auth/jwks");
		assertThat(RequestPaths.normalize("/users/%7e1/")).isEqualTo("/users/~1/");
		for (String path : new String[] { "/users/../imports/1", "/a/b/../c/./", "/users/caf%c3%a9", "/x%zz" }) {
			String once = RequestPaths.normalize(path);
			assertThat(RequestPaths.normalize(once)).as(path).isEqualTo(once);
		}
	}

}
