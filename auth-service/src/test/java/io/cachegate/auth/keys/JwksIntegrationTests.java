package io.cachegate.auth.keys;

import java.util.List;
import java.util.Map;

import io.jsonwebtoken.Jwts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import io.cachegate.auth.IntegrationTestSupport;
import io.cachegate.auth.TestKeys;

import static org.assertj.core.api.Assertions.assertThat;

class JwksIntegrationTests extends IntegrationTestSupport {

	@ParameterizedTest
	@ValueSource(strings = { "/auth/jwks", "/.well-known/jwks.json" })
	void publishesEveryConfiguredKeyInOrderWithCacheHeaders(String path) {
		this.client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=300, public")
			.expectBody()
			.jsonPath("$.keys[*].kid")
			.isEqualTo(List.of(kid(TestKeys.ENV_KEY), kid(TestKeys.FILE_OLDER), kid(TestKeys.FILE_NEWEST)));
	}

	@Test
	void negotiatesTheMediaTypeAndSaysSoToCaches() {
		for (String type : List.of("application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE)) {
			this.client.get()
				.uri("/auth/jwks")
				.header(HttpHeaders.ACCEPT, type)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.parseMediaType(type))
				.expectHeader()
				.value(HttpHeaders.VARY, (vary) -> assertThat(vary).containsIgnoringCase("Accept"));
		}
	}

	@Test
	void publishesStandardRsaJwksWithoutPrivateParts() {
		List<Map<String, Object>> keys = publishedJwks();
		assertThat(keys).hasSize(3).allSatisfy((jwk) -> {
			assertThat(jwk).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e");
			assertThat(jwk).containsEntry("kty", "RSA")
				.containsEntry("use", "sig")
				.containsEntry("alg", "RS256")
				.containsEntry("e", "AQAB");
			assertThat((String) jwk.get("n")).matches("[A-Za-z0-9_-]{342}");
			assertThat((String) jwk.get("kid")).matches("[A-Za-z0-9_-]{43}");
		});
	}

	@Test
	void theLastKeyOfTheFileSignsAndItsTokensVerifyWithThePublishedKey() {
		String token = adminToken();
		String kid = (String) tokenHeader(token).get("kid");
		assertThat(kid).isEqualTo(kid(TestKeys.FILE_NEWEST));
		assertThat(
				Jwts.parser().verifyWith(publishedKey(kid)).build().parseSignedClaims(token).getPayload().getSubject())
			.isNotBlank();
	}

}
