package io.cachegate.stack;

import java.util.OptionalInt;

/**
 * The launcher's command line: {@code ./run [--demo [N]] [--redis-cluster]}.
 *
 * @param demoUsers with {@code --demo}, how many demo users to seed once the stack is up
 * (10,000 when no number follows)
 * @param redisCluster with {@code --redis-cluster}: the stack runs on a Redis Cluster
 */
record LaunchOptions(OptionalInt demoUsers, boolean redisCluster) {

	static final String REDIS_CLUSTER = "--redis-cluster";

	static final int DEFAULT_DEMO_USERS = 10_000;

	static final String USAGE = "Usage: ./run [--demo [N]] [--redis-cluster]   (--demo seeds N users, default "
			+ DEFAULT_DEMO_USERS
			+ ", unless they are there already; --redis-cluster runs the stack on a Redis Cluster)";

	/**
	 * Reads the arguments; a wrong one is an {@link IllegalArgumentException} naming it.
	 */
	static LaunchOptions parse(String... args) {
		OptionalInt demo = OptionalInt.empty();
		boolean cluster = false;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			if (arg.equals("--demo")) {
				boolean numberFollows = i + 1 < args.length && !args[i + 1].startsWith("-");
				demo = OptionalInt.of(numberFollows ? users(args[++i]) : DEFAULT_DEMO_USERS);
			}
			else if (arg.equals(REDIS_CLUSTER)) {
				cluster = true;
			}
			else if (arg.startsWith("--demo=")) {
				demo = OptionalInt.of(users(arg.substring("--demo=".length())));
			}
			else {
				throw new IllegalArgumentException("Unknown option '" + arg + "'. " + USAGE);
			}
		}
		return new LaunchOptions(demo, cluster);
	}

	private static int users(String value) {
		try {
			int users = Integer.parseInt(value.replace("_", "").replace(",", ""));
			if (users > 0) {
				return users;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with the value.
		}
		throw new IllegalArgumentException("--demo takes a number of users above 0, not '" + value + "'. " + USAGE);
	}

}
