package io.cachegate.cache.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.store.CacheKey;

import static io.cachegate.cache.http.StorabilityTests.headers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9111 section 4.1 on its own: the names an answer varies on beyond the route's key,
 * and the key of the variant a request selects.
 */
class Rfc9111Section4_1VaryKeysTests {

	private static final RoutePolicy POLICY = RoutePolicy.DEFAULTS;

	private static final CacheKey URL = CacheKey.of("r", "/p", "r GET /p role=USER");

	@Test
	void theNamesAreLowerCaseSortedDistinctAndLeaveOutThoseTheRouteKeysOnAlready() {
		assertThat(CacheKeys.varyNames(headers("Vary", "Accept-Language, accept-encoding", "Vary", "ACCEPT-LANGUAGE"),
				POLICY))
			.isEqualTo("accept-encoding,accept-language");
		assertThat(CacheKeys.varyNames(headers(), POLICY)).isEmpty();
		RoutePolicy keyed = new RoutePolicy(true, POLICY.defaultTtl(), POLICY.maxTtl(), POLICY.staleWhileRevalidate(),
				POLICY.staleIfError(), POLICY.maxEntrySize(), true, List.of("Accept"), List.of(), List.of(),
				RoutePolicy.DEFAULT_TARGETED_FIELDS, false, POLICY.staleRetention(), 16, 1);
		assertThat(CacheKeys.varyNames(headers("Vary", "accept"), keyed)).isEmpty();
		assertThat(CacheKeys.varyNames(headers("Vary", "Accept, Accept-Language"), keyed)).isEqualTo("accept-language");
	}

	@Test
	void aVariantIsTheUrlsMaterialPlusTheNormalizedValuesAndSharesTheUrlsRecord() {
		CacheKey french = CacheKeys.variant(URL, "accept-language", headers("Accept-Language", "  fr,\t en-GB "));
		assertThat(french.material()).isEqualTo("r GET /p role=USER ~accept-language=fr,en-gb");
		assertThat(french.baseMaterial()).isEqualTo(URL.material());
		assertThat(french.varyRecordKey()).isEqualTo(URL.varyRecordKey()).startsWith("cg:{r}:v:");
		assertThat(french.redisKey()).isNotEqualTo(URL.redisKey()).startsWith("cg:{r}:e:");
		assertThat(CacheKeys.variant(URL, "accept-language", headers("Accept-Language", "fr, en-GB")))
			.isEqualTo(french);
		assertThat(CacheKeys.variant(URL, "accept-language", headers("Accept-Language", "FR, En-gb")))
			.as("language tags are case-insensitive")
			.isEqualTo(french);
		assertThat(CacheKeys.variant(URL, "accept-language", headers("Accept-Language", "en-GB, fr")))
			.as("order kept: another variant")
			.isNotEqualTo(french);
	}

	@Test
	void fieldLinesAreOneListWithMembersTrimmedAndEmptyOnesDropped() {
		CacheKey combined = CacheKeys.variant(URL, "foo", headers("Foo", "1, 2"));
		assertThat(combined.material()).isEqualTo("r GET /p role=USER ~foo=1,2");
		assertThat(CacheKeys.variant(URL, "foo", headers("Foo", "1", "Foo", "2"))).isEqualTo(combined);
		assertThat(CacheKeys.variant(URL, "foo", headers("Foo", " 1 ,, 2 "))).isEqualTo(combined);
		assertThat(CacheKeys.variant(URL, "foo", headers("Foo", "a  b,\"x ,  y\"")).material())
			.isEqualTo("r GET /p role=USER ~foo=a b,\"x ,  y\"");
		assertThat(CacheKeys.variant(URL, "foo", headers("Foo", "A"))).as("case kept where it may matter")
			.isNotEqualTo(CacheKeys.variant(URL, "foo", headers("Foo", "a")));
		assertThat(CacheKeys.variant(URL, "accept-encoding", headers("Accept-Encoding", "GZIP,  br"))).isEqualTo(
				CacheKeys.variant(URL, "accept-encoding", headers("Accept-Encoding", "gzip", "Accept-Encoding", "br")));
	}

	@Test
	void anAbsentHeaderIsAnotherVariantThanAnEmptyOne() {
		CacheKey absent = CacheKeys.variant(URL, "accept-language,dnt", headers("DNT", "1"));
		CacheKey empty = CacheKeys.variant(URL, "accept-language,dnt", headers("Accept-Language", "", "DNT", "1"));
		assertThat(absent.material()).isEqualTo("r GET /p role=USER ~accept-language ~dnt=1");
		assertThat(empty).isNotEqualTo(absent);
	}

	@Test
	void noNamesIsTheUrlsOwnKeyFromAnyVariantOfIt() {
		CacheKey french = CacheKeys.variant(URL, "accept-language", headers("Accept-Language", "fr"));
		assertThat(CacheKeys.variant(french, "", new HttpHeaders())).isEqualTo(URL);
		assertThat(CacheKeys.variant(URL, "", new HttpHeaders())).isSameAs(URL);
	}

	@Test
	void theNamesAnAnswerVariesOnAreRememberedForTheNextKeysOfItsUrl() {
		String path = "/remembered/" + System.nanoTime();
		HttpHeaders french = headers("Accept-Language", "fr");
		CacheKey before = CacheKeys.key("r", path, "", "USER", french, POLICY);
		assertThat(before.varyNames()).isEmpty();
		CacheKey stored = CacheKeys.forAnswer(before, headers("Vary", "Accept-Language"), french, POLICY);
		assertThat(stored.varyNames()).isEqualTo("accept-language");
		assertThat(CacheKeys.key("r", path, "", "USER", french, POLICY)).isEqualTo(stored);
		CacheKeys.forAnswer(stored, headers(), french, POLICY);
		assertThat(CacheKeys.key("r", path, "", "USER", french, POLICY)).isEqualTo(before);
	}

}
