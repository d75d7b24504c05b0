package io.cachegate.gateway.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the change stream, as user-service's relay writes it: {@code id} (outbox id), {@code kind}
 * ({@code insert|update|delete|truncate}), {@code ids}, {@code versions}, {@code tags} (comma-separated),
 * {@code collapsed} ({@code true} when a huge statement was reduced to the tag {@code users}), {@code time}.
 *
 * @param streamId the entry's id in the stream ({@code <publish ms>-<seq>})
 * @param kind what the statement did
 * @param tags the tags to invalidate
 * @param collapsed whether the tags stand for more rows than they name
 * @param versions the versions of the rows, as written
 */
record ChangeEvent(String streamId, String kind, List<String> tags, boolean collapsed, List<String> versions) {

	ChangeEvent {
		tags = List.copyOf(tags);
		versions = List.copyOf(versions);
	}

	static ChangeEvent of(String streamId, Map<String, String> fields) {
		return new ChangeEvent(streamId, fields.getOrDefault("kind", ""), list(fields.getOrDefault("tags", "")),
				Boolean.parseBoolean(fields.getOrDefault("collapsed", "false")),
				list(fields.getOrDefault("versions", "")));
	}

	private static List<String> list(String commaSeparated) {
		return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(item -> !item.isEmpty()).toList();
	}

	/**
	 * The version of the one row an insert or update changed, which a write through the gateway may have already
	 * invalidated and written through (its echo); empty for anything else.
	 */
	Optional<Long> singleVersion() {
		if (collapsed || versions.size() != 1 || !("insert".equals(kind) || "update".equals(kind))) {
			return Optional.empty();
		}
		try {
			return Optional.of(Long.parseLong(versions.get(0)));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether the tags cannot be trusted to name every changed representation, so the whole route must go: a
	 * truncate, or a collapsed update or delete (its rows' own tags were left out). A collapsed insert names enough:
	 * rows that did not exist had no representation to kill, only the lists ({@code users}) change.
	 */
	boolean dropsEverything() {
		return "truncate".equals(kind) || (collapsed && !"insert".equals(kind));
	}

	/** When the relay published it: the millisecond part of the stream id (Redis's clock). */
	long publishedAtMillis() {
		return StreamIds.millis(streamId);
	}

}
