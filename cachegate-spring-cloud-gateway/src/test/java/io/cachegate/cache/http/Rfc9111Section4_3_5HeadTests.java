package io.cachegate.cache.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.CacheEntry.Header;

import static io.cachegate.cache.http.StorabilityTests.NOW;
import static io.cachegate.cache.http.StorabilityTests.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 section 4.3.5 on its own: which {@code 200} answers to a {@code HEAD} describe
 * a stored GET answer (validators and {@code Content-Length} equal), and the stored
 * answer such a {@code HEAD} freshens (header fields updated as section 3.2 says,
 * freshness decided again, age restarted), on a fixed clock.
 */
class Rfc9111Section4_3_5HeadTests {

	private static final RoutePolicy POLICY = RoutePolicy.DEFAULTS;

	private static final Instant STORED_AT = NOW.minus(Duration.ofMinutes(5));

	private static final UnaryOperator<Duration> NO_JITTER = UnaryOperator.identity();

	private static final String LAST_MODIFIED = "Tue, 01 Dec 2026 10:00:00 GMT";

	@Test
	void aHeadWithTheSameValidatorsAndLengthDescribesTheStoredAnswer() {
		CacheEntry stored = entry(List.of(new Header("ETag", "\"v1\""), new Header("Last-Modified", LAST_MODIFIED)));
		assertThat(Revalidation.describes(stored, headers("ETag", "\"v1\"", "Content-Length", "4"))).isTrue();
		assertThat(Revalidation.describes(stored, headers("Last-Modified", "Tuesday, 01-Dec-26 10:00:00 GMT")))
			.as("the same date in another format")
			.isTrue();
		assertThat(Revalidation.describes(stored, headers("Cache-Control", "max-age=60")))
			.as("no validator and no length: nothing contradicts it")
			.isTrue();
	}

	@Test
	void aHeadWithAnotherValidatorOrLengthDoesNotDescribeTheStoredAnswer() {
		CacheEntry stored = entry(List.of(new Header("ETag", "\"v1\""), new Header("Last-Modified", LAST_MODIFIED)));
		assertThat(Revalidation.describes(stored, headers("ETag", "\"v2\""))).isFalse();
		assertThat(Revalidation.describes(stored, headers("ETag", "W/\"v1\""))).as("weak is another validator")
			.isFalse();
		assertThat(Revalidation.describes(stored, headers("Last-Modified", "Wed, 02 Dec 2026 10:00:00 GMT"))).isFalse();
		assertThat(Revalidation.describes(stored, headers("Last-Modified", "yesterday"))).isFalse();
		assertThat(Revalidation.describes(stored, headers("ETag", "\"v1\"", "Content-Length", "5"))).isFalse();
	}

	@Test
	void aValidatorTheStoredAnswerLacksDoesNotMatch() {
		CacheEntry stored = entry(List.of());
		assertThat(Revalidation.describes(stored, headers("ETag", "\"v1\""))).isFalse();
		assertThat(Revalidation.describes(stored, headers("Last-Modified", LAST_MODIFIED))).isFalse();
		assertThat(Revalidation.describes(stored, headers("Content-Length", "4"))).isTrue();
	}

	@Test
	void aHead200NeverDescribesAStoredAnswerOfAnotherStatus() {
		CacheEntry notFound = new CacheEntry(404, List.of(), "body".getBytes(), STORED_AT, Duration.ofSeconds(2),
				Duration.ZERO, Duration.ZERO, "r GET /p", List.of("uri:/p"), POLICY.staleRetention());
		assertThat(Revalidation.describes(notFound, headers("Cache-Control", "max-age=60"))).isFalse();
	}

	@Test
	void aDescribingHeadUpdatesTheStoredFieldsKeepsTheOthersAndRestartsFreshness() {
		CacheEntry stored = entry(List.of(new Header("Content-Type", "text/plain"), new Header("Template-A", "1"),
				new Header("Cache-Control", "max-age=2")));
		HttpHeaders head = headers("Template-A", "2", "Cache-Control", "max-age=300", "Content-Length", "4");
		Revalidation.Freshened freshened = Revalidation.freshened(stored, head, false, POLICY, NOW, NO_JITTER);
		assertThat(freshened.storable()).isTrue();
		CacheEntry entry = freshened.entry();
		assertThat(entry.headers()).containsExactly(new Header("Content-Type", "text/plain"),
				new Header("Template-A", "2"), new Header("Cache-Control", "max-age=300"));
		assertThat(entry.body()).isEqualTo("body".getBytes());
		assertThat(entry.freshness()).isEqualTo(Duration.ofSeconds(300));
		assertThat(entry.storedAt()).isEqualTo(NOW);
		assertThat(entry.isFresh(NOW.plusSeconds(299))).isTrue();
	}

	@Test
	void aHeadThatMakesTheAnswerPrivateOrSendsAuthorizationWithoutPermissionIsNotStored() {
		CacheEntry stored = entry(List.of(new Header("Cache-Control", "max-age=2")));
		assertThat(Revalidation
			.freshened(stored, headers("Cache-Control", "private, max-age=60"), false, POLICY, NOW, NO_JITTER)
			.storable()).isFalse();
		assertThat(Revalidation.freshened(stored, headers("Cache-Control", "max-age=60"), true, POLICY, NOW, NO_JITTER)
			.storable()).as("RFC 9111 section 3.5").isFalse();
		assertThat(Revalidation
			.freshened(stored, headers("Cache-Control", "public, max-age=60"), true, POLICY, NOW, NO_JITTER)
			.storable()).isTrue();
	}

	private static CacheEntry entry(List<Header> headers) {
		return new CacheEntry(200, headers, "body".getBytes(), STORED_AT, Duration.ofSeconds(2), Duration.ZERO,
				Duration.ZERO, "r GET /p", List.of("uri:/p"), POLICY.staleRetention());
	}

}
