package io.cachegate.users.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One row of {@code users.outbox}: what one committed statement changed.
 *
 * @param id the outbox id (ascending in the order rows of the same user changed)
 * @param occurredAt when the statement ended, just before its commit
 * @param kind {@code insert}, {@code update}, {@code delete} or {@code truncate}
 * @param ids the ids of the rows touched, ascending (empty for huge statements and
 * truncate)
 * @param versions their versions, in the same order
 * @param tags the cache tags to invalidate
 * @param collapsed true when the statement touched so many rows that the tags name only
 * {@code users}
 * @param tagVersions {@code user:{id}=version} for each row that exists after the change
 * (not for rows gone, nor for the list tag): a cache keeps what already holds that
 * version
 */
record OutboxRow(long id, Instant occurredAt, String kind, List<Long> ids, List<Long> versions, List<String> tags,
		boolean collapsed, List<String> tagVersions) {

	OutboxRow {
		ids = List.copyOf(ids);
		versions = List.copyOf(versions);
		tags = List.copyOf(tags);
		tagVersions = List.copyOf(tagVersions);
	}

	static OutboxRow of(long id, Instant occurredAt, String kind, Long[] ids, Long[] versions, String[] tags,
			boolean collapsed, String[] tagVersions) {
		return new OutboxRow(id, occurredAt, kind, Arrays.asList(ids), Arrays.asList(versions), Arrays.asList(tags),
				collapsed, Arrays.asList(tagVersions));
	}

	/**
	 * The stream entry's fields. Lists are comma-separated (ids and versions are numbers,
	 * tags never hold a comma: the HTTP {@code Cache-Tag} header they mirror is
	 * comma-separated too).
	 */
	Map<String, String> fields() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("id", Long.toString(this.id));
		fields.put("kind", this.kind);
		fields.put("ids", join(this.ids));
		fields.put("versions", join(this.versions));
		fields.put("tags", String.join(",", this.tags));
		fields.put("tagVersions", String.join(",", this.tagVersions));
		fields.put("collapsed", Boolean.toString(this.collapsed));
		fields.put("time", Long.toString(this.occurredAt.toEpochMilli()));
		return fields;
	}

	private static String join(List<Long> numbers) {
		return numbers.stream().map(String::valueOf).collect(Collectors.joining(","));
	}

}
