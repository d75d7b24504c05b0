package io.cachegate.users.user;

import java.util.ArrayList;
import java.util.List;

/**
 * The versions named by an {@code If-Match} or {@code If-None-Match} header. Our entity
 * tags are the version in quotes ({@code "7"}); tags of any other shape can never match.
 *
 * @param any the header was {@code *}
 * @param versions the versions named (strong tags only for {@code If-Match}, weak ones
 * too for {@code If-None-Match})
 */
record EntityTags(boolean any, List<Long> versions) {

	EntityTags {
		versions = List.copyOf(versions);
	}

	/**
	 * Parses {@code If-Match}, which compares strongly (RFC 9110 13.1.1): weak tags never
	 * match.
	 * @param header the header value, or {@code null} when absent
	 * @return the tags, or {@code null} when there is no condition
	 */
	static EntityTags ifMatch(String header) {
		return parse(header, false);
	}

	/**
	 * Parses {@code If-None-Match}, which compares weakly (RFC 9110 13.1.2).
	 * @param header the header value, or {@code null} when absent
	 * @return the tags, or {@code null} when there is no condition
	 */
	static EntityTags ifNoneMatch(String header) {
		return parse(header, true);
	}

	boolean matches(long version) {
		return this.any || this.versions.contains(version);
	}

	private static EntityTags parse(String header, boolean weakAllowed) {
		if (header == null || header.isBlank()) {
			return null;
		}
		if (header.strip().equals("*")) {
			return new EntityTags(true, List.of());
		}
		List<Long> versions = new ArrayList<>();
		for (String part : header.split(",")) {
			String tag = part.strip();
			if (tag.startsWith("W/")) {
				if (!weakAllowed) {
					continue;
				}
				tag = tag.substring(2);
			}
			if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
				try {
					versions.add(Long.parseLong(tag.substring(1, tag.length() - 1)));
				}
				catch (NumberFormatException ex) {
					// Not one of ours (e.g. a gateway's hash tag): it cannot match any
					// version.
				}
			}
		}
		return new EntityTags(false, versions);
	}

}
