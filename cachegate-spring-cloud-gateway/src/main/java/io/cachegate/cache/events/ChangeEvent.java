package io.cachegate.cache.events;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cachegate.cache.store.Invalidation;

/**
 * One entry of the change stream, as user-service's relay writes it: {@code id} (outbox
 * id), {@code kind} ({@code insert|update|delete|truncate}), {@code ids},
 * {@code versions}, {@code tags} (comma-separated), {@code tagVersions}
 * ({@code tag=version} for each row that exists after the change), {@code collapsed}
 * ({@code true} when a huge statement was reduced to the tag {@code users}),
 * {@code time}.
 *
 * @param streamId the entry's id in the stream ({@code <publish ms>-<seq>})
 * @param kind what the statement did
 * @param tags the tags to invalidate
 * @param collapsed whether the tags stand for more rows than they name
 * @param tagVersions the version each row's tag changed to, for the rows that exist after
 * the change
 */
record ChangeEvent(String streamId, String kind, List<String> tags, boolean collapsed, Map<String, Long> tagVersions) {

	ChangeEvent {
		tags = List.copyOf(tags);
		tagVersions = Map.copyOf(tagVersions);
	}

	static ChangeEvent of(String streamId, Map<String, String> fields) {
		return new ChangeEvent(streamId, fields.getOrDefault("kind", ""), list(fields.getOrDefault("tags", "")),
				Boolean.parseBoolean(fields.getOrDefault("collapsed", "false")),
				tagVersions(fields.getOrDefault("tagVersions", "")));
	}

	/**
	 * {@code tag=version} pairs, comma-separated. A pair that does not parse is left out:
	 * its tag is then invalidated without a version, which is always safe.
	 */
	private static Map<String, Long> tagVersions(String pairs) {
		Map<String, Long> versions = new LinkedHashMap<>();
		for (String pair : list(pairs)) {
			int equals = pair.lastIndexOf('=');
			if (equals <= 0) {
				continue;
			}
			try {
				versions.put(pair.substring(0, equals).trim(), Long.parseLong(pair.substring(equals + 1).trim()));
			}
			catch (NumberFormatException ex) {
				// Left out: invalidated without a version.
			}
		}
		return versions;
	}

	private static List<String> list(String commaSeparated) {
		return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
	}

	/**
	 * What the event makes stale: its tags, those of rows that exist after the change by
	 * their new version (so entries already holding it stay), the others (deleted rows,
	 * lists) without one.
	 */
	Invalidation invalidation() {
		Map<String, Long> known = new LinkedHashMap<>();
		tagVersions.forEach((tag, version) -> {
			if (tags.contains(tag)) {
				known.put(tag, version);
			}
		});
		return new Invalidation(Set.copyOf(tags), known);
	}

	/**
	 * Whether the tags cannot be trusted to name every changed representation, so the
	 * whole route must go: a truncate, or a collapsed update or delete (its rows' own
	 * tags were left out). A collapsed insert names enough: rows that did not exist had
	 * no representation to kill, only the lists ({@code users}) change.
	 */
	boolean dropsEverything() {
		return "truncate".equals(kind) || (collapsed && !"insert".equals(kind));
	}

	/**
	 * When the relay published it: the millisecond part of the stream id (Redis's clock).
	 */
	long publishedAtMillis() {
		return StreamIds.millis(streamId);
	}

}
