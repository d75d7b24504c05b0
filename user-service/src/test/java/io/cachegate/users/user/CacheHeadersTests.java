package io.cachegate.users.user;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class CacheHeadersTests {

	private final CacheHeaders cacheHeaders = new CacheHeaders(
			new UsersProperties("max-age=5, stale-while-revalidate=30"));

	private final User user = new User(42, "ana", "ana@example.com", "Ana", "Silva", LocalDate.of(1990, 5, 17), null,
			null, null, Instant.EPOCH, Instant.EPOCH, 7);

	@Test
	void readCarriesTheConfiguredGatewayFreshness() {
		HttpHeaders headers = new HttpHeaders();
		this.cacheHeaders.forUser(headers, this.user);
		assertThat(headers.getFirst("Cachegate-Cache-Control")).isEqualTo("max-age=5, stale-while-revalidate=30");
		assertThat(headers.getETag()).isEqualTo("\"7\"");
		assertThat(headers.getFirst("Cache-Tag")).isEqualTo("user:42");
		assertThat(headers.getCacheControl()).isEqualTo("private, no-store");
	}

	@Test
	void writeNamesTheNewRepresentationAndWhatChanged() {
		HttpHeaders headers = new HttpHeaders();
		this.cacheHeaders.forWrite(headers, this.user);
		assertThat(headers.getFirst(HttpHeaders.CONTENT_LOCATION)).isEqualTo("/users/42");
		assertThat(headers.getFirst("Cache-Tag")).isEqualTo("user:42");
		assertThat(headers.getFirst("Cachegate-Invalidate")).isEqualTo("users");
		assertThat(headers.getETag()).isEqualTo("\"7\"");
	}

	@Test
	void deleteNamesWhatChanged() {
		HttpHeaders headers = new HttpHeaders();
		this.cacheHeaders.forDelete(headers, 42);
		assertThat(headers.getFirst("Cache-Tag")).isEqualTo("user:42");
		assertThat(headers.getFirst("Cachegate-Invalidate")).isEqualTo("users");
	}

}
