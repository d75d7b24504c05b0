package io.cachegate.cache.redis.scripts;

/**
 * The keys of one route as the cache scripts expect them (the layout the cache package
 * documents: {@code cg:{<route>}:e:<hash>}, {@code :seq}, {@code :t:<tag>},
 * {@code :lock:<hash>}), for a route of its own per test, so tests share the test Redis
 * without seeing each other's keys.
 */
record RouteKeys(String route) {

	static RouteKeys unique(String purpose) {
		return new RouteKeys(purpose + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
	}

	String slot() {
		return "cg:{" + route + "}";
	}

	String entry(String hash) {
		return slot() + ":e:" + hash;
	}

	String varyRecord(String hash) {
		return slot() + ":v:" + hash;
	}

	String sequence() {
		return slot() + ":seq";
	}

	String tagPrefix() {
		return slot() + ":t:";
	}

	String tag(String tag) {
		return tagPrefix() + tag;
	}

	String lease(String hash) {
		return slot() + ":lock:" + hash;
	}

}
