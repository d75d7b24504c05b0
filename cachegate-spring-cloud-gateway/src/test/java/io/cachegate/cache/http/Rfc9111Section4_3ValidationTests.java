package io.cachegate.cache.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.http.Storability.Decision;
import io.cachegate.cache.store.CacheEntry.Header;
import io.cachegate.cache.store.CacheEntry;

import static io.cachegate.cache.http.StorabilityTests.NOW;
import static io.cachegate.cache.http.StorabilityTests.decide;
import static io.cachegate.cache.http.StorabilityTests.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 section 4.3 on its own: which answers are kept to be revalidated (4.3 with
 * 5.2.2.4 for {@code no-cache}), the conditional request made from an entry (4.3.1),
 * which 304 is about an entry (4.3.4) and how it updates the stored header fields (3.2).
 */
class Rfc9111Section4_3ValidationTests {

	private static final RoutePolicy POLICY = RoutePolicy.DEFAULTS;

	private static final Instant STORED_AT = NOW.minus(Duration.ofMinutes(5));

	@Test
	void noCacheWithAValidatorIsStoredToBeRevalidatedOnEveryUse() {
		Decision decision = decide(200, headers("Cache-Control",
				"public, no-cache, max-age=60, " + "stale-while-revalidate=30, stale-if-error=30", "ETag", "\"1\""),
				false);
		assertThat(decision.storable()).isTrue();
		assertThat(decision.revalidatesEachUse()).isTrue();
		assertThat(decision.freshness()).isZero();
		assertThat(decision.staleWhileRevalidate()).as("never served without validation").isZero();
		assertThat(decision.staleIfError()).isZero();
		assertThat(decision.staleRetention()).isEqualTo(POLICY.staleRetention());
		assertThat(decide(200,
				headers("Cachegate-Cache-Control", "no-cache", "Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT"), true)
			.revalidatesEachUse()).isTrue();
	}

	@Test
	void aQualifiedNoCacheIsTakenAsUnqualified() {
		assertThat(decide(200, headers("Cache-Control", "public, max-age=60, no-cache=\"Set-Cookie\"", "ETag", "\"1\""),
				false)
			.revalidatesEachUse()).isTrue();
	}

	@Test
	void noCacheWithoutAValidatorOrWithoutRetentionIsNotStored() {
		assertThat(decide(200, headers("Cache-Control", "public, no-cache"), false).storable()).isFalse();
		RoutePolicy noRetention = new RoutePolicy(true, POLICY.defaultTtl(), POLICY.maxTtl(),
				POLICY.staleWhileRevalidate(), POLICY.staleIfError(), POLICY.maxEntrySize(), true, List.of(), List.of(),
				List.of(), RoutePolicy.DEFAULT_TARGETED_FIELDS, false, Duration.ZERO, 16, 1);
		assertThat(
				Storability.decide(200, headers("Cache-Control", "no-cache", "ETag", "\"1\""), false, noRetention, NOW)
					.storable())
			.isFalse();
	}

	@Test
	void anAnswerWithoutFreshnessButWithAValidatorIsKeptForRevalidation() {
		assertThat(decide(200, headers("Cache-Control", "max-age=0", "ETag", "\"1\""), false).revalidatesEachUse())
			.isTrue();
		assertThat(decide(200, headers("Cache-Control", "max-age=30", "Age", "31", "ETag", "\"1\""), false)
			.revalidatesEachUse()).isTrue();
		assertThat(decide(200, headers("Cache-Control", "max-age=0"), false).storable()).isFalse();
	}

	@Test
	void theConditionalRequestCarriesTheEntrysValidators() {
		HttpHeaders request = new HttpHeaders();
		Revalidation.addConditionals(entry(
				List.of(new Header("ETag", "W/\"7\""), new Header("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT"))),
				request);
		assertThat(request.getFirst("If-None-Match")).isEqualTo("W/\"7\"");
		assertThat(request.getFirst("If-Modified-Since")).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");
		assertThat(Revalidation.isConditional(request)).isTrue();
		assertThat(Revalidation.isConditional(headers("Accept", "*/*"))).isFalse();
		assertThat(Revalidation.isConditional(headers("If-Unmodified-Since", "x"))).isTrue();
	}

	@Test
	void a304IsAboutTheEntryWhoseValidatorItNames() {
		CacheEntry tagged = entry(
				List.of(new Header("ETag", "\"7\""), new Header("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT")));
		assertThat(Revalidation.identifies(tagged, headers("ETag", "\"7\""), false)).isTrue();
		assertThat(Revalidation.identifies(tagged, headers("ETag", "W/\"7\""), false)).as("weak comparison").isTrue();
		assertThat(Revalidation.identifies(tagged, headers("ETag", "\"8\""), true)).isFalse();
		assertThat(Revalidation.identifies(tagged, headers("Last-Modified", "Tuesday, 01-Dec-26 10:00:00 GMT"), false))
			.as("same date in another format")
			.isTrue();
		assertThat(Revalidation.identifies(tagged, headers("Last-Modified", "Wed, 02 Dec 2026 10:00:00 GMT"), true))
			.isFalse();
		assertThat(Revalidation.identifies(tagged, headers(), true)).as("the answer to its own conditional").isTrue();
		assertThat(Revalidation.identifies(tagged, headers(), false)).as("the answer to a client's conditional")
			.isFalse();
	}

	@Test
	void a304ReplacesTheFieldsItCarriesKeepsTheOthersAndNeverTouchesFraming() {
		List<Header> stored = List.of(new Header("Content-Type", "text/plain"), new Header("X-Multi", "a"),
				new Header("Content-Encoding", "gzip"), new Header("X-Multi", "b"), new Header("ETag", "\"7\""),
				new Header("Vary", "Accept-Language"));
		HttpHeaders notModified = headers("X-Multi", "c", "Content-Length", "999", "Content-Encoding", "br", "Vary",
				"*", "X-New", "n", "Set-Cookie", "s=1", "Cache-Tag", "t", "ETag", "\"7\"");
		assertThat(Revalidation.updatedHeaders(stored, notModified)).containsExactly(
				new Header("Content-Type", "text/plain"), new Header("X-Multi", "c"),
				new Header("Content-Encoding", "gzip"), new Header("ETag", "\"7\""),
				new Header("Vary", "Accept-Language"), new Header("X-New", "n"));
	}

	@Test
	void a304NeverReplacesTheDigestOfTheStoredBody() {
		List<Header> stored = List.of(new Header("Content-MD5", "rL0Y20zC+Fzt72VPzMSk2A=="));
		assertThat(Revalidation.updatedHeaders(stored, headers("Content-MD5", "N7UdGUp1E+RbVvZSTy1R8g==")))
			.containsExactly(new Header("Content-MD5", "rL0Y20zC+Fzt72VPzMSk2A=="));
	}

	@Test
	void aFreshenedEntryKeepsItsBodyRestartsItsAgeTakesTheNewFreshnessAndJoinsTheNewTags() {
		CacheEntry stale = entry(List.of(new Header("ETag", "\"7\""), new Header("Cache-Control", "max-age=60")));
		Revalidation.Freshened freshened = Revalidation.freshened(stale,
				headers("ETag", "\"7\"", "Cache-Control", "max-age=120", "Age", "5", "Cache-Tag", "user:7"), false,
				POLICY, NOW, d -> d);
		CacheEntry entry = freshened.entry();
		assertThat(freshened.storable()).isTrue();
		assertThat(entry.body()).isEqualTo(stale.body());
		assertThat(entry.status()).isEqualTo(203);
		assertThat(entry.storedAt()).isEqualTo(NOW.minusSeconds(5));
		assertThat(entry.freshness()).isEqualTo(Duration.ofSeconds(120));
		assertThat(entry.isFresh(NOW)).isTrue();
		assertThat(entry.tags()).containsExactly("uri:/p", "user:7");
		assertThat(entry.keyMaterial()).isEqualTo(stale.keyMaterial());
	}

	@Test
	void a304NamingNoFreshnessKeepsTheEntrysLifetimeWhichTheTargetedFieldMayHaveSet() {
		// Entries do not keep Cachegate-Cache-Control; its lifetime is in the entry.
		CacheEntry stale = entry(List.of(new Header("ETag", "\"7\""), new Header("Cache-Control", "private")));
		Revalidation.Freshened freshened = Revalidation.freshened(stale, headers("ETag", "\"7\""), true, POLICY, NOW,
				d -> Duration.ZERO);
		assertThat(freshened.storable()).isTrue();
		assertThat(freshened.entry().freshness()).isEqualTo(stale.freshness());
		assertThat(freshened.entry().storedAt()).isEqualTo(NOW);
	}

	@Test
	void a304ThatMakesTheAnswerUnstorableFreshensItForThisClientOnly() {
		CacheEntry stale = entry(List.of(new Header("ETag", "\"7\"")));
		assertThat(Revalidation
			.freshened(stale, headers("ETag", "\"7\"", "Cache-Control", "no-store"), false, POLICY, NOW, d -> d)
			.storable()).isFalse();
		assertThat(
				Revalidation.freshened(stale, headers("Cachegate-Cache-Control", "private"), true, POLICY, NOW, d -> d)
					.storable())
			.isFalse();
	}

	private static CacheEntry entry(List<Header> headers) {
		return new CacheEntry(203, headers, "body".getBytes(), STORED_AT, Duration.ofSeconds(60),
				Duration.ofSeconds(10), Duration.ofSeconds(5), "r GET /p", List.of("uri:/p"), POLICY.staleRetention());
	}

}
