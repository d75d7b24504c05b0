package io.cachegate.cache.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.cachegate.cache.CacheAdminAccess.CacheAdministrator;
import io.cachegate.cache.CacheAdminAccess;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.metrics.CacheResult;
import io.cachegate.cache.store.CacheAdministration;
import io.cachegate.support.problem.ProblemException;
import io.cachegate.support.problem.ProblemType;

/**
 * The cache admin API, the REST form of an operator's cache menu: statistics, listing,
 * one entry, deleting one, invalidating tags, clearing all. Each action is called with
 * the administrator {@link CacheAdminAccess} admitted, and logged at INFO with who did
 * it.
 */
class CacheAdminHandler {

	private static final Logger logger = LoggerFactory.getLogger(CacheAdminHandler.class);

	private static final int MAX_TAGS = 64;

	private static final int MAX_TAG_LENGTH = 256;

	/** Entries counted for the statistics before the count becomes a lower bound. */
	private static final long STATS_SCAN_LIMIT = 100_000;

	private final CacheAdministration cache;

	private final RouteLocator routes;

	private final MeterRegistry meters;

	private final JsonMapper json;

	CacheAdminHandler(CacheAdministration cache, RouteLocator routes, MeterRegistry meters, JsonMapper json) {
		this.cache = cache;
		this.routes = routes;
		this.meters = meters;
		this.json = json;
	}

	Mono<ServerResponse> stats(ServerRequest request, CacheAdministrator admin) {
		Map<String, Long> totals = new LinkedHashMap<>();
		for (CacheResult result : CacheResult.values()) {
			totals.put(result.tag(), 0L);
		}
		Map<String, Map<String, Long>> byRoute = new LinkedHashMap<>();
		for (Counter counter : meters.find(CacheMetrics.REQUESTS).counters()) {
			String route = counter.getId().getTag("route");
			String result = counter.getId().getTag("result");
			long count = (long) counter.count();
			totals.merge(result, count, Long::sum);
			byRoute.computeIfAbsent(route, r -> new LinkedHashMap<>()).merge(result, count, Long::sum);
		}
		long served = Arrays.stream(CacheResult.values())
			.filter(CacheResult::served)
			.mapToLong(result -> totals.get(result.tag()))
			.sum();
		long all = totals.values().stream().mapToLong(Long::longValue).sum();
		return cache.stats(STATS_SCAN_LIMIT).flatMap(store -> {
			log(admin, "read the statistics", "");
			Map<String, Object> body = new LinkedHashMap<>();
			body.putAll(totals);
			body.put("hitRatio", all == 0 ? 0.0 : (double) served / all);
			body.put("byRoute", byRoute);
			body.put("entries", store.entries());
			body.put("entriesExact", store.exact());
			body.put("entriesMemoryBytes", store.entriesMemoryBytes());
			body.put("redisUsedMemoryBytes", store.redisUsedMemoryBytes());
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		});
	}

	Mono<ServerResponse> keys(ServerRequest request, CacheAdministrator admin) {
		String route = request.queryParam("route").filter(r -> !r.isBlank()).orElse(null);
		if (route != null && !CacheAdministration.isRouteId(route)) {
			throw badRequest("route: a route id (letters, digits, '.', '_', '~', '-').");
		}
		String cursor = request.queryParam("cursor").filter(c -> !c.isBlank()).orElse("0");
		if (!cursor.matches("[0-9]{1,20}")) {
			throw badRequest("cursor: the cursor of the previous page (digits), or 0 to start.");
		}
		int count = intParam(request, "count", 100, 1, 1000);
		String pattern = request.queryParam("pattern").filter(p -> !p.isBlank()).orElse(null);
		Pattern material = pattern == null ? null : glob(pattern);
		return cache.keys(route, cursor, count, material).flatMap(page -> {
			log(admin, "listed keys", "route=" + route + " pattern=" + pattern + " cursor=" + cursor);
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(page);
		});
	}

	Mono<ServerResponse> entry(ServerRequest request, CacheAdministrator admin) {
		String key = entryKey(request);
		return cache.entry(key).flatMap(found -> {
			log(admin, "read an entry", key);
			if (found.isEmpty()) {
				return Mono.error(notFound(key));
			}
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(found.get());
		});
	}

	Mono<ServerResponse> deleteEntry(ServerRequest request, CacheAdministrator admin) {
		String key = entryKey(request);
		return cache.delete(key).flatMap(deleted -> {
			log(admin, deleted ? "deleted an entry" : "tried to delete an absent entry", key);
			return deleted ? ServerResponse.noContent().build() : Mono.error(notFound(key));
		});
	}

	Mono<ServerResponse> invalidate(ServerRequest request, CacheAdministrator admin) {
		return request.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> {
			JsonNode tree;
			try {
				tree = json.readTree(body);
			}
			catch (JacksonException ex) {
				return Mono.error(badRequest("The body is not valid JSON: send {\"tags\": [\"user:42\", ...]}."));
			}
			List<String> tags = tags(tree);
			return knownRoutes().flatMap(known -> {
				List<String> targets = routesOf(tree, known);
				return cache.invalidate(targets, tags).flatMap(done -> {
					log(admin, "invalidated tags", tags + " on " + done);
					if (done.size() < targets.size()) {
						return Mono.error(new ProblemException(ProblemType.CACHE_UNAVAILABLE,
								"Redis did not take the invalidation on every route (done on " + done + " of " + targets
										+ "); try again."));
					}
					Map<String, Object> answer = new LinkedHashMap<>();
					answer.put("tags", tags);
					answer.put("routes", done);
					return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(answer);
				});
			});
		});
	}

	Mono<ServerResponse> clear(ServerRequest request, CacheAdministrator admin) {
		return cache.clear().flatMap(unlinked -> {
			log(admin, "cleared the cache", unlinked + " keys unlinked");
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("unlinkedKeys", unlinked));
		});
	}

	private static void log(CacheAdministrator admin, String action, String what) {
		logger.info("Cache admin: {} (sub {}) {}: {}", admin.name(), admin.subject(), action, what);
	}

	private static String entryKey(ServerRequest request) {
		String key = request.queryParam("key").orElse(null);
		if (key == null || key.isBlank()) {
			throw badRequest("key: required, an entry key as GET /admin/cache/keys lists it (cg:{<route>}:e:<hash>).");
		}
		if (!CacheAdministration.isEntryKey(key)) {
			throw badRequest("key: not a cache entry key; entry keys look like cg:{<route>}:e:<hash>.");
		}
		return key;
	}

	private static List<String> tags(JsonNode tree) {
		JsonNode tags = tree == null ? null : tree.get("tags");
		if (tags == null || !tags.isArray() || tags.isEmpty()) {
			throw badRequest("tags: required, a non-empty array of tag strings, for example [\"user:42\", \"users\"].");
		}
		if (tags.size() > MAX_TAGS) {
			throw badRequest("tags: at most " + MAX_TAGS + " tags per request.");
		}
		Set<String> result = new LinkedHashSet<>();
		for (int i = 0; i < tags.size(); i++) {
			JsonNode tag = tags.get(i);
			String text = tag.isString() ? tag.asString().trim() : null;
			if (text == null || text.isEmpty() || text.length() > MAX_TAG_LENGTH || text.indexOf('\n') >= 0) {
				throw badRequest("tags[" + i + "]: a non-blank string of at most " + MAX_TAG_LENGTH
						+ " characters without line breaks.");
			}
			result.add(text);
		}
		return List.copyOf(result);
	}

	private static List<String> routesOf(JsonNode tree, List<String> known) {
		JsonNode routes = tree.get("routes");
		if (routes == null || routes.isNull()) {
			return known;
		}
		if (!routes.isArray() || routes.isEmpty()) {
			throw badRequest("routes: when given, a non-empty array of route ids; leave it out for every route.");
		}
		List<String> result = new ArrayList<>();
		for (int i = 0; i < routes.size(); i++) {
			JsonNode route = routes.get(i);
			String id = route.isString() ? route.asString() : null;
			if (id == null || !known.contains(id)) {
				throw badRequest("routes[" + i + "]: not a route of this gateway; known routes: " + known + ".");
			}
			result.add(id);
		}
		return result;
	}

	private Mono<List<String>> knownRoutes() {
		return routes.getRoutes().map(Route::getId).filter(CacheAdministration::isRouteId).distinct().collectList();
	}

	private static int intParam(ServerRequest request, String name, int fallback, int min, int max) {
		String value = request.queryParam(name).filter(v -> !v.isBlank()).orElse(null);
		if (value == null) {
			return fallback;
		}
		try {
			int parsed = Integer.parseInt(value);
			if (parsed >= min && parsed <= max) {
				return parsed;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw badRequest(name + ": a number from " + min + " to " + max + ".");
	}

	/**
	 * A glob ({@code *} any run, {@code ?} one character) over the readable key material.
	 */
	static Pattern glob(String glob) {
		StringBuilder regex = new StringBuilder(glob.length() + 8);
		for (char c : glob.toCharArray()) {
			switch (c) {
				case '*' -> regex.append(".*");
				case '?' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString(), Pattern.DOTALL);
	}

	private static ProblemException badRequest(String detail) {
		return new ProblemException(ProblemType.BAD_REQUEST, detail);
	}

	private static ProblemException notFound(String key) {
		return new ProblemException(ProblemType.CACHE_ENTRY_NOT_FOUND,
				"No cache entry " + key + " (it expired, was invalidated or never existed).");
	}

}
