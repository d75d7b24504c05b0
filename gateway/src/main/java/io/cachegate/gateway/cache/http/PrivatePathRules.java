package io.cachegate.gateway.cache.http;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which paths of a route are private
 * ({@code cachegate.cache.routes.<route>.private-paths}): their answers depend on the
 * caller, so their reads never use the cache. One rule for the cache filter
 * ({@link PrivatePaths}) and for the fast path ({@link FreshHits}); the patterns of each
 * route are parsed once.
 */
public final class PrivatePathRules {

	private final CacheProperties properties;

	private final Map<String, List<PathPattern>> patterns = new ConcurrentHashMap<>();

	public PrivatePathRules(CacheProperties properties) {
		this.properties = properties;
	}

	public boolean isPrivate(String routeId, PathContainer path) {
		List<String> configured = properties.policy(routeId).privatePaths();
		if (configured.isEmpty()) {
			return false;
		}
		List<PathPattern> compiled = patterns.computeIfAbsent(routeId,
				id -> configured.stream().map(PathPatternParser.defaultInstance::parse).toList());
		return compiled.stream().anyMatch(pattern -> pattern.matches(path));
	}

}
