package io.cachegate.cache.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The cache's settings ({@code cachegate.cache.*}); the policy of each route under
 * {@code cachegate.cache.routes.<route-id>.*}, so also from the environment, for example
 * {@code CACHEGATE_CACHE_ROUTES_USERS_ENABLED=false} or
 * {@code CACHEGATE_CACHE_ROUTES_USERS_MAX_TTL=2s}. A route with no entry gets the
 * defaults of {@link RoutePolicy}.
 *
 * @param routes the policy of each route, by route id
 * @param tagRetention how long a tag's invalidation mark is kept in Redis; entries never
 * live longer than this, because an entry must not outlive the marks that can kill it
 * ({@code CACHEGATE_CACHE_TAG_RETENTION})
 */
@Validated
@ConfigurationProperties("cachegate.cache")
public record CacheProperties(@Valid Map<String, RoutePolicy> routes,
		@DefaultValue("24h") @NotNull Duration tagRetention) {

	public CacheProperties {
		routes = routes == null ? Map.of() : Map.copyOf(routes);
	}

	/** The policy of a route: its own entry, else the defaults. */
	public RoutePolicy policy(String routeId) {
		RoutePolicy policy = routes.get(routeId);
		return policy != null ? policy : RoutePolicy.DEFAULTS;
	}

	/**
	 * The cache policy of one route.
	 *
	 * @param enabled whether the route's reads use the cache at all (writes still
	 * invalidate, so turning the cache on again never serves data older than a write made
	 * while it was off)
	 * @param defaultTtl freshness when the origin allows storing but names no lifetime
	 * @param maxTtl upper bound on any freshness, the origin's included
	 * @param staleWhileRevalidate how long past freshness a stale copy may be served
	 * while it is refreshed, when the origin names no window (used by stale serving; kept
	 * in Redis with the entry already)
	 * @param staleIfError how long past freshness a stale copy may be served when the
	 * origin fails, when the origin names no window
	 * @param maxEntrySize responses larger than this are never stored
	 * @param varyByRole whether the caller's role (from the verified token) is part of
	 * the key, for origins whose answers differ by role
	 * @param varyHeaders request headers whose values are part of the key; a response
	 * whose {@code Vary} names any other header is not stored, because the gateway could
	 * not tell its variants apart
	 * @param queryParameters the query parameters the route's service understands; a
	 * request naming any other is refused with 400, so nobody can mint cache keys with
	 * made-up parameters. Empty: any parameter (and any number of keys per path)
	 * @param privatePaths path patterns whose answers depend on the caller (the subject),
	 * not only on the role the key holds: their reads never use the cache, whatever the
	 * service's headers say
	 * @param targetedFields the targeted cache fields (RFC 9213) this route's answers may
	 * carry for the gateway, in order of precedence: the first one present decides
	 * instead of {@code Cache-Control} and {@code Expires}. Only
	 * {@code Cachegate-Cache-Control}, addressed to this gateway alone, also lifts the
	 * rule on requests with {@code Authorization} (the gateway keys by role); it is
	 * stripped from answers, the others pass on. {@code Surrogate-Control} (W3C Edge
	 * Architecture) may be listed too: its directives are read with their targets (those
	 * without one, or targeted at {@code cachegate}), and the route's forwarded requests
	 * then announce {@code Surrogate-Capability: cachegate="Surrogate/1.0"}
	 * @param storeServerErrors whether a 5xx answer that names its freshness may be
	 * stored (off: a failing origin's answer is never served to the next caller)
	 * @param staleRetention how long past its freshness (and past its stale windows) an
	 * entry stays in Redis so it can be revalidated with a conditional request when it
	 * has a validator ({@code ETag} or {@code Last-Modified}, RFC 9111 section 4.3), or
	 * freshened by a {@code HEAD} (section 4.3.5), instead of fetched again; nothing
	 * serves it in that time without the origin's {@code 304} or {@code HEAD} answer.
	 * Zero: stale entries are dropped, and {@code no-cache} answers are not stored
	 * @param maxVariants the most variants (answers told apart by their {@code Vary}
	 * request headers) kept for one URL and role; past it a new variant is served but not
	 * stored
	 * @param buckets how many buckets (hash tags) the route's keys are split into: 1
	 * keeps them all on one Redis node; on a Redis Cluster more spread the route's
	 * entries and their load over the masters, and cost a write one invalidation script
	 * per bucket (see CACHE.md, "Redis keys"). Every gateway instance sharing a Redis
	 * must use the same number
	 */
	public record RoutePolicy(@DefaultValue("true") boolean enabled, @DefaultValue("60s") @NotNull Duration defaultTtl,
			@DefaultValue("10m") @NotNull Duration maxTtl, @DefaultValue("0s") @NotNull Duration staleWhileRevalidate,
			@DefaultValue("0s") @NotNull Duration staleIfError, @DefaultValue("256KB") @NotNull DataSize maxEntrySize,
			@DefaultValue("true") boolean varyByRole, @DefaultValue( {
			}) List<String> varyHeaders, @DefaultValue({}) List<String> queryParameters,
			@DefaultValue({}) List<String> privatePaths,
			@DefaultValue({ "Cachegate-Cache-Control", "CDN-Cache-Control" }) List<String> targetedFields,
			@DefaultValue("false") boolean storeServerErrors, @DefaultValue("1m") @NotNull Duration staleRetention,
			@DefaultValue("16") @Positive int maxVariants, @DefaultValue("1") @Positive @Max(1024) int buckets){

		static final List<String> DEFAULT_TARGETED_FIELDS = List.of("Cachegate-Cache-Control", "CDN-Cache-Control");

		static final RoutePolicy DEFAULTS = new RoutePolicy(true, Duration.ofSeconds(60), Duration.ofMinutes(10),
				Duration.ZERO, Duration.ZERO, DataSize.ofKilobytes(256), true, List.of(), List.of(), List.of(),
				DEFAULT_TARGETED_FIELDS, false, Duration.ofMinutes(1), 16, 1);

		public RoutePolicy {
			varyHeaders = varyHeaders == null ? List.of() : List.copyOf(varyHeaders);
			queryParameters = queryParameters == null ? List.of()
					: queryParameters.stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
			privatePaths = privatePaths == null ? List.of()
					: privatePaths.stream().map(String::strip).filter(path -> !path.isEmpty()).toList();
			targetedFields = targetedFields == null ? DEFAULT_TARGETED_FIELDS
					: targetedFields.stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
		}

		/**
		 * Whether the route reads {@code Surrogate-Control}, and so announces itself to
		 * origins in {@code Surrogate-Capability}.
		 */
		public boolean readsSurrogateControl() {
			for (String field : targetedFields) {
				if (Storability.SURROGATE_CONTROL.equalsIgnoreCase(field)) {
					return true;
				}
			}
			return false;
		}

	}

}
