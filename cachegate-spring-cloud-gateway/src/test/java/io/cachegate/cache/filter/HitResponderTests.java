package io.cachegate.cache.filter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.cachegate.cache.metrics.CacheResult;
import io.cachegate.cache.store.CacheEntry;

import static org.assertj.core.api.Assertions.assertThat;

class HitResponderTests {

	private static final Instant STORED = Instant.parse("2026-01-01T10:00:00Z");

	private final HitResponder responder = new HitResponder(Clock.fixed(STORED.plusSeconds(7), ZoneOffset.UTC));

	private static CacheEntry entry(String etag) {
		List<CacheEntry.Header> headers = etag == null ? List.of(new CacheEntry.Header("Content-Type", "text/plain"))
				: List.of(new CacheEntry.Header("Content-Type", "text/plain"), new CacheEntry.Header("ETag", etag));
		return new CacheEntry(200, headers, "hello".getBytes(StandardCharsets.UTF_8), STORED, Duration.ofSeconds(60),
				Duration.ZERO, Duration.ZERO, "users|/users/1", List.of("/users/1"));
	}

	@Test
	void answersAFreshHitWithAgeAndRemainingTtlOnTheClock() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/users/1"));
		responder.answer(exchange, entry(null), CacheResult.HIT, null).block();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(exchange.getResponse().getHeaders().getFirst("Age")).isEqualTo("7");
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Cache")).isEqualTo("HIT");
		assertThat(exchange.getResponse().getHeaders().getFirst("Cache-Status")).isEqualTo("cachegate; hit; ttl=53");
		assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("hello");
	}

	@Test
	void answersAStaleCopyWithANegativeTtlAndItsDetail() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/users/1"));
		HitResponder late = new HitResponder(Clock.fixed(STORED.plusSeconds(65), ZoneOffset.UTC));
		late.answer(exchange, entry(null), CacheResult.STALE, "origin-error").block();
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Cache")).isEqualTo("STALE");
		assertThat(exchange.getResponse().getHeaders().getFirst("Cache-Status"))
			.isEqualTo("cachegate; hit; stale; ttl=-5; detail=origin-error");
	}

	@Test
	void answers304WithoutBodyWhenIfNoneMatchMatchesWeakly() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/users/1").header("If-None-Match", "\"other\", W/\"v1\""));
		responder.answer(exchange, entry("\"v1\""), CacheResult.HIT, "collapsed").block();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_MODIFIED);
		assertThat(exchange.getResponse().getHeaders().getContentType()).isNull();
		assertThat(exchange.getResponse().getHeaders().getFirst("Cache-Status"))
			.isEqualTo("cachegate; hit; ttl=53; detail=collapsed");
	}

	@Test
	void answersHeadWithLengthButNoBody() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.head("/users/1"));
		responder.answer(exchange, entry(null), CacheResult.HIT, null).block();
		assertThat(exchange.getResponse().getHeaders().getContentLength()).isEqualTo(5);
		assertThat(exchange.getResponse().getBodyAsString().blockOptional().orElse("")).isEmpty();
	}

}
