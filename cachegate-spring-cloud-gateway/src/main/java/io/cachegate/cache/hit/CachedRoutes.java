package io.cachegate.cache.hit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which route Spring Cloud Gateway would pick for a request, for the routes the fast path
 * understands: routes whose predicates are only {@code Path} and {@code Method}, tried in
 * the gateway's order. The first route that matches decides; a route with any other
 * predicate, tried before a match, makes the answer unknown (the request goes to the
 * gateway, which knows). Only a route whose one filter is {@code Cache} may be answered
 * here: any other filter could change the answer.
 */
final class CachedRoutes {

	static final CachedRoutes NONE = new CachedRoutes(List.of());

	private static final String CACHE_FILTER = "Cache";

	private final List<Rule> rules;

	private CachedRoutes(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	/**
	 * @param ordered the route definitions in the order the gateway tries them
	 * @param defaultFilters whether the gateway adds default filters to every route (then
	 * nothing is answered here)
	 */
	static CachedRoutes of(List<RouteDefinition> ordered, boolean defaultFilters) {
		if (defaultFilters) {
			return NONE;
		}
		List<Rule> rules = new ArrayList<>(ordered.size());
		for (RouteDefinition definition : ordered) {
			rules.add(Rule.of(definition));
		}
		return new CachedRoutes(rules);
	}

	/**
	 * The id of the route that would serve the request, if the fast path may answer it;
	 * else null.
	 */
	String servable(String path, HttpMethod method) {
		for (Rule rule : rules) {
			if (!rule.understood()) {
				return null;
			}
			if (rule.matches(path, method)) {
				return rule.cacheOnly() ? rule.id() : null;
			}
		}
		return null;
	}

	/**
	 * One route as the fast path sees it.
	 *
	 * @param id the route id
	 * @param patterns its {@code Path} patterns (all must match, one pattern of each
	 * predicate), empty for none
	 * @param methods the methods of its {@code Method} predicates, empty for any
	 * @param understood whether every predicate is one of those two
	 * @param cacheOnly whether its only filter is {@code Cache}
	 */
	record Rule(String id, List<PathRule> patterns, Set<HttpMethod> methods, boolean understood, boolean cacheOnly) {

		static Rule of(RouteDefinition definition) {
			List<PathRule> paths = new ArrayList<>();
			Set<HttpMethod> methods = new HashSet<>();
			boolean understood = true;
			for (PredicateDefinition predicate : definition.getPredicates()) {
				List<String> args = new ArrayList<>(predicate.getArgs().values());
				switch (predicate.getName()) {
					case "Path" -> paths.add(PathRule.of(args));
					case "Method" ->
						args.forEach(m -> methods.add(HttpMethod.valueOf(m.trim().toUpperCase(Locale.ROOT))));
					default -> understood = false;
				}
			}
			List<FilterDefinition> filters = definition.getFilters();
			boolean cacheOnly = filters.size() == 1 && CACHE_FILTER.equals(filters.get(0).getName())
					&& filters.get(0).getArgs().isEmpty();
			return new Rule(definition.getId(), paths, methods, understood, cacheOnly);
		}

		boolean matches(String path, HttpMethod method) {
			if (!methods.isEmpty() && !methods.contains(method)) {
				return false;
			}
			for (PathRule pattern : patterns) {
				if (!pattern.matches(path)) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * One {@code Path} predicate: any of its patterns matches, as Spring Cloud Gateway
	 * matches them (with its default, a trailing slash on the request path is ignored).
	 * {@code /prefix/**}, the common form, is matched without parsing the path.
	 */
	record PathRule(List<String> prefixes, List<String> literals, List<PathPattern> patterns,
			boolean matchTrailingSlash) {

		static PathRule of(List<String> args) {
			boolean trailing = true;
			List<String> values = new ArrayList<>(args);
			if (!values.isEmpty() && Set.of("true", "false").contains(values.get(values.size() - 1).trim())) {
				trailing = Boolean.parseBoolean(values.remove(values.size() - 1).trim());
			}
			List<String> prefixes = new ArrayList<>();
			List<String> literals = new ArrayList<>();
			List<PathPattern> patterns = new ArrayList<>();
			for (String value : values) {
				for (String pattern : value.split(",")) {
					String trimmed = pattern.trim();
					String prefix = trimmed.endsWith("/**") ? trimmed.substring(0, trimmed.length() - 3) : null;
					if (prefix != null && literal(prefix)) {
						prefixes.add(prefix);
					}
					else if (literal(trimmed)) {
						literals.add(trimmed);
					}
					else {
						patterns.add(PathPatternParser.defaultInstance.parse(trimmed));
					}
				}
			}
			return new PathRule(List.copyOf(prefixes), List.copyOf(literals), List.copyOf(patterns), trailing);
		}

		private static boolean literal(String pattern) {
			return pattern.indexOf('*') < 0 && pattern.indexOf('{') < 0 && pattern.indexOf('?') < 0;
		}

		boolean matches(String path) {
			for (String prefix : prefixes) {
				if (path.startsWith(prefix)
						&& (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
					return true;
				}
			}
			for (String literal : literals) {
				if (path.equals(literal) || (matchTrailingSlash && path.length() == literal.length() + 1
						&& path.endsWith("/") && path.startsWith(literal))) {
					return true;
				}
			}
			if (patterns.isEmpty()) {
				return false;
			}
			if (matchesPattern(path)) {
				return true;
			}
			return matchTrailingSlash && path.length() > 1 && path.endsWith("/")
					&& matchesPattern(path.substring(0, path.length() - 1));
		}

		private boolean matchesPattern(String path) {
			PathContainer container = PathContainer.parsePath(path);
			for (PathPattern pattern : patterns) {
				if (pattern.matches(container)) {
					return true;
				}
			}
			return false;
		}

	}

	/** The route ids, in the order they are tried (for the start-up log). */
	List<String> ids() {
		return rules.stream().filter(Rule::cacheOnly).map(Rule::id).toList();
	}

}
