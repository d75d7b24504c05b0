package io.cachegate.cache.store;

/**
 * Where a key listing is on a Redis Cluster: the master (its index, in the last three
 * digits of the cursor the admin API shows) and SCAN's cursor on it; {@code 0} starts at
 * the first master and ends after the last. On a single Redis the API's cursor is SCAN's.
 */
record NodeCursor(int node, String cursor) {

	static NodeCursor parse(String cursor, int masters) {
		if (masters <= 1) {
			return new NodeCursor(0, cursor);
		}
		if (cursor.length() <= 3) {
			return new NodeCursor(Math.min(Integer.parseInt(cursor), masters - 1), "0");
		}
		int node = Integer.parseInt(cursor.substring(cursor.length() - 3));
		return new NodeCursor(Math.min(node, masters - 1), cursor.substring(0, cursor.length() - 3));
	}

	/** The API's cursor after SCAN answered {@code scanned} on this node. */
	String next(String scanned, int masters) {
		if (masters <= 1) {
			return scanned;
		}
		if (!"0".equals(scanned)) {
			return scanned + String.format("%03d", node);
		}
		return node + 1 < masters ? Integer.toString(node + 1) : "0";
	}

}
