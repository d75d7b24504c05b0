package io.cachegate.cache.http;

import java.time.Duration;
import java.time.Instant;

import org.springframework.http.HttpHeaders;

import io.cachegate.cache.http.CacheProperties.RoutePolicy;

/**
 * How long a stored answer is fresh (RFC 9111 section 4.2.1): {@code s-maxage}, else
 * {@code max-age}, else {@code Expires - Date}, else the route's {@code default-ttl}.
 */
final class FreshnessLifetime {

	private FreshnessLifetime() {
	}

	/**
	 * @param directives the deciding field's directives
	 * @param headersForExpires the answer's headers when {@code Expires} counts (it does
	 * not when a targeted field decides), else null
	 */
	static Duration of(CacheDirectives directives, HttpHeaders headersForExpires, RoutePolicy policy, Instant now) {
		var lifetime = directives.seconds("s-maxage").or(() -> directives.seconds("max-age"));
		if (lifetime.isPresent()) {
			return lifetime.get() < 0 ? Duration.ZERO : Duration.ofSeconds(lifetime.get());
		}
		if (headersForExpires != null && headersForExpires.containsHeader(HttpHeaders.EXPIRES)) {
			long expires = HttpDates.parse(headersForExpires.getFirst(HttpHeaders.EXPIRES)).orElse(-1);
			if (expires < 0) {
				// An invalid Expires (such as "0") means already expired (RFC 9111
				// section 5.3).
				return Duration.ZERO;
			}
			long date = HttpDates.parse(headersForExpires.getFirst(HttpHeaders.DATE)).orElse(-1);
			long base = date >= 0 ? date : now.toEpochMilli();
			return Duration.ofMillis(expires - base);
		}
		return policy.defaultTtl();
	}

}
