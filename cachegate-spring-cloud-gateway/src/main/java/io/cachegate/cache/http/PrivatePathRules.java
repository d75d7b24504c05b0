package io.cachegate.cache.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.server.PathContainer;

import io.cachegate.cache.web.PrefilteredPattern;

/**
 * Which paths of a route are private
 * ({@code cachegate.cache.routes.<route>.private-paths}): their answers depend on the
 * caller, so their reads never use the cache. One rule for the cache filter
 * ({@link PrivatePaths}) and for the fast path ({@link FreshHits}); the patterns of each
 * route are parsed once.
 */
public final class PrivatePathRules {

	private final CacheProperties properties;

	private final Map<String, List<PrefilteredPattern>> patterns = new ConcurrentHashMap<>();

	public PrivatePathRules(CacheProperties properties) {
		this.properties = properties;
	}

	public boolean isPrivate(String routeId, PathContainer path) {
		for (PrefilteredPattern pattern : patterns(routeId)) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	/** The same rule for a raw path, parsed only when a pattern may match it. */
	public boolean isPrivate(String routeId, String rawPath) {
		for (PrefilteredPattern pattern : patterns(routeId)) {
			if (pattern.matches(rawPath)) {
				return true;
			}
		}
		return false;
	}

	private List<PrefilteredPattern> patterns(String routeId) {
		List<PrefilteredPattern> compiled = patterns.get(routeId);
		if (compiled == null) {
			compiled = patterns.computeIfAbsent(routeId,
					id -> properties.policy(id).privatePaths().stream().map(PrefilteredPattern::parse).toList());
		}
		return compiled;
	}

}
