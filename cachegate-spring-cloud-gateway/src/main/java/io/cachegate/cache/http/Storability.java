package io.cachegate.cache.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import io.cachegate.cache.http.CacheProperties.RoutePolicy;

/**
 * Whether a response may be stored, and for how long: RFC 9111's rules for a shared
 * cache, with the route's targeted fields (RFC 9213: {@code Cachegate-Cache-Control},
 * then {@code CDN-Cache-Control}, by default) taking precedence.
 *
 * <ul>
 * <li>Statuses (RFC 9111 section 3): any final status whose answer names its freshness
 * ({@code max-age}, {@code s-maxage}, {@code Expires}) or says {@code public}; without
 * those, only the statuses RFC 9110 section 15.1 calls heuristically cacheable (200, 203,
 * 204, 300, 301, 308, 404, 405, 410, 414), which get the route's {@code default-ttl}.
 * Never 1xx, 206 (ranges are not stored) or 304; 5xx only with explicit freshness on a
 * route that allows it ({@code store-server-errors}).</li>
 * <li>Never with {@code Set-Cookie} (it belongs to one client), never with
 * {@code Vary: *}, nor a {@code Vary} on {@code Authorization}, {@code Cookie} or a
 * header the gateway sets on forwarded requests; a {@code Vary} on any other header makes
 * the answer one variant of its URL (RFC 9111 section 4.1, {@link CacheKeys}).</li>
 * <li>The first of the route's targeted fields present (with a directive for this
 * gateway: {@code Surrogate-Control} directives may target other devices) decides,
 * instead of {@code Cache-Control} and {@code Expires}: {@code no-store} and
 * {@code private} prevent storing; {@code s-maxage}, else {@code max-age} give the
 * freshness. {@code Cachegate-Cache-Control} is the origin speaking to this gateway
 * alone: the origin knows the gateway authenticates every request and keys by role, so
 * the rule on requests with {@code Authorization} (below) does not apply to it; that is
 * the point of the field. Any other targeted field (such as {@code CDN-Cache-Control},
 * addressed to every CDN) keeps that rule.</li>
 * <li>Otherwise {@code Cache-Control}: {@code no-store} and {@code private} prevent
 * storing; a response to a request with {@code Authorization} is stored only with
 * {@code public}, {@code s-maxage} or {@code must-revalidate} (RFC 9111 section 3.5);
 * freshness from {@code s-maxage}, else {@code max-age}, else
 * {@code Expires - Date}.</li>
 * <li>No lifetime named: the route's {@code default-ttl}. Any lifetime: capped by
 * {@code max-ttl}.</li>
 * <li>{@code no-cache} (RFC 9111 section 5.2.2.4; one qualified with field names is taken
 * as unqualified, the stricter reading), a lifetime of zero, or an answer that arrives
 * already as old as its lifetime: stored with no freshness and no stale windows, to be
 * revalidated (section 4.3) on every use, when it has a validator ({@code ETag} or
 * {@code Last-Modified}) and the route keeps entries for revalidation
 * ({@code stale-retention}); otherwise not stored.</li>
 * <li>Age (RFC 9111 section 4.2.3): an answer may arrive already old: its {@code Age}, or
 * the time since its {@code Date} (less one second, the field's resolution), whichever is
 * larger, is its initial age; it counts against the freshness, and an answer as old as
 * its lifetime (or with an invalid {@code Age}) is stored only to be revalidated
 * (above).</li>
 * <li>Stale windows ({@code stale-while-revalidate}, {@code stale-if-error}, the answer's
 * or the route's) never apply to an answer with {@code must-revalidate},
 * {@code proxy-revalidate} or {@code s-maxage}.</li>
 * </ul>
 * Request directives are ignored on purpose: honouring a client's {@code no-cache} would
 * let any client send all its traffic to the origin.
 */
public final class Storability {

	public static final String TARGETED_FIELD = "Cachegate-Cache-Control";

	/**
	 * The W3C Edge Architecture's field for surrogates: a targeted field when a route
	 * lists it, its directives read with their targets ({@code max-age=60;cachegate}).
	 */
	public static final String SURROGATE_CONTROL = "Surrogate-Control";

	/** This gateway's device token in {@code Surrogate-Control} targets. */
	public static final String SURROGATE_DEVICE = "cachegate";

	/**
	 * What the gateway announces to origins on a route that reads
	 * {@code Surrogate-Control}, in {@code Surrogate-Capability}.
	 */
	public static final String SURROGATE_CAPABILITY = SURROGATE_DEVICE + "=\"Surrogate/1.0\"";

	/**
	 * RFC 9110 section 15.1, less 206 (ranges are not stored) and 501 (a server error
	 * needs explicit freshness).
	 */
	private static final Set<Integer> HEURISTICALLY_CACHEABLE = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410,
			414);

	private Storability() {
	}

	/**
	 * @param storable whether to store
	 * @param freshness how long the entry is fresh
	 * @param staleWhileRevalidate the window past freshness for serving stale while
	 * refreshing
	 * @param staleIfError the window past freshness for serving stale when the origin
	 * fails
	 * @param reason why not, for logs and {@code Cache-Status} ({@code null} when
	 * storable)
	 * @param initialAge how old the response already was when it arrived
	 * @param staleRetention how long past freshness the entry is kept to be revalidated
	 * (the route's {@code stale-retention}; used when it has a validator)
	 */
	public record Decision(boolean storable, Duration freshness, Duration staleWhileRevalidate, Duration staleIfError,
			String reason, Duration initialAge, Duration staleRetention) {

		static Decision no(String reason) {
			return new Decision(false, Duration.ZERO, Duration.ZERO, Duration.ZERO, reason, Duration.ZERO,
					Duration.ZERO);
		}

		/**
		 * Stored only to be revalidated on every use: no freshness, no stale window.
		 */
		static Decision revalidateEachUse(Duration initialAge, Duration staleRetention) {
			return new Decision(true, Duration.ZERO, Duration.ZERO, Duration.ZERO, null, initialAge, staleRetention);
		}

		/** Whether every use of the stored answer needs the origin's validation. */
		public boolean revalidatesEachUse() {
			return storable && freshness.isZero();
		}

		/**
		 * The moment the response's age counts from, for one that arrived {@code now}.
		 */
		public Instant generatedAt(Instant now) {
			return now.minus(initialAge);
		}

	}

	public static Decision decide(int status, HttpHeaders headers, boolean requestHadAuthorization, RoutePolicy policy,
			Instant now) {
		if (status < 200 || status == 206 || status == 304 || (status >= 500 && !policy.storeServerErrors())) {
			return Decision.no("status");
		}
		if (headers.containsHeader(HttpHeaders.SET_COOKIE)) {
			return Decision.no("set-cookie");
		}
		String varyProblem = VaryLimits.problem(headers);
		if (varyProblem != null) {
			return Decision.no(varyProblem);
		}
		String field = null;
		CacheDirectives directives = null;
		for (String candidate : policy.targetedFields()) {
			CacheDirectives targetedDirectives = targetedDirectives(candidate, headers);
			if (!targetedDirectives.isEmpty()) {
				field = candidate;
				directives = targetedDirectives;
				break;
			}
		}
		boolean targeted = field != null;
		if (!targeted) {
			directives = CacheDirectives.parse(headers.get(HttpHeaders.CACHE_CONTROL));
		}
		if (directives.has("no-store") || directives.has("private")) {
			return Decision.no("no-store");
		}
		if (!TARGETED_FIELD.equalsIgnoreCase(field) && requestHadAuthorization && !directives.has("public")
				&& !directives.has("s-maxage") && !directives.has("must-revalidate")) {
			return Decision.no("authorization");
		}
		boolean explicit = directives.has("s-maxage") || directives.has("max-age") || directives.has("public")
				|| (!targeted && headers.containsHeader(HttpHeaders.EXPIRES));
		if (!explicit && !HEURISTICALLY_CACHEABLE.contains(status)) {
			return Decision.no("status");
		}
		Duration freshness = FreshnessLifetime.of(directives, targeted ? null : headers, policy, now);
		if (freshness.compareTo(policy.maxTtl()) > 0) {
			freshness = policy.maxTtl();
		}
		Duration initialAge = ResponseAge.initial(headers, now);
		boolean noCache = directives.has("no-cache");
		if (noCache || freshness.compareTo(initialAge) <= 0) {
			if (hasValidator(headers) && !policy.staleRetention().isNegative() && !policy.staleRetention().isZero()) {
				return Decision.revalidateEachUse(initialAge, policy.staleRetention());
			}
			return Decision.no(noCache ? "no-store" : "stale");
		}
		if (forbidsStale(directives)) {
			return new Decision(true, freshness, Duration.ZERO, Duration.ZERO, null, initialAge,
					policy.staleRetention());
		}
		Duration swr = directives.seconds("stale-while-revalidate")
			.filter(s -> s >= 0)
			.map(Duration::ofSeconds)
			.orElse(policy.staleWhileRevalidate());
		Duration sie = directives.seconds("stale-if-error")
			.filter(s -> s >= 0)
			.map(Duration::ofSeconds)
			.orElse(policy.staleIfError());
		return new Decision(true, freshness, swr, sie, null, initialAge, policy.staleRetention());
	}

	/**
	 * RFC 9111 sections 4.2.4, 5.2.2.2, 5.2.2.8 and 5.2.2.10: once stale, an answer with
	 * {@code must-revalidate}, {@code proxy-revalidate} or {@code s-maxage} (which
	 * implies {@code proxy-revalidate} for a shared cache) is never served without the
	 * origin's word: no stale window applies, neither the route's nor the answer's own
	 * {@code stale-while-revalidate} / {@code stale-if-error} (the stricter reading of
	 * RFC 5861, whose windows these directives override). The entry is still kept for
	 * revalidation.
	 */
	private static boolean forbidsStale(CacheDirectives directives) {
		return directives.has("must-revalidate") || directives.has("proxy-revalidate") || directives.has("s-maxage");
	}

	/** Whether an answer carries a validator a conditional request can send back. */
	static boolean hasValidator(HttpHeaders headers) {
		return headers.containsHeader(HttpHeaders.ETAG) || headers.containsHeader(HttpHeaders.LAST_MODIFIED);
	}

	/**
	 * The directives of one targeted field that apply to this gateway; none when the
	 * field is absent, empty, or (for {@code Surrogate-Control}) targets other devices
	 * only: such a field does not decide, the next one (or {@code Cache-Control}) does.
	 */
	private static CacheDirectives targetedDirectives(String field, HttpHeaders headers) {
		List<String> lines = headers.get(field);
		if (lines == null) {
			return CacheDirectives.parse(null);
		}
		return SURROGATE_CONTROL.equalsIgnoreCase(field) ? CacheDirectives.parseSurrogate(lines, SURROGATE_DEVICE)
				: CacheDirectives.parse(lines);
	}

}
