package io.cachegate.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The reply of {@code CLUSTER NODES}, read as far as the local cluster needs it: each
 * node's port, role, whether it failed, and the slots it serves.
 */
final class ClusterNodes {

	private ClusterNodes() {
	}

	/**
	 * One line: {@code <id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link>
	 * <slot> <slot>...}, a slot being {@code n}, {@code a-b} or an import/migration
	 * marker.
	 */
	record Node(int port, List<String> flags, List<int[]> slots) {

		boolean isLiveMaster() {
			return flags.contains("master") && !flags.contains("fail") && !flags.contains("fail?");
		}

		boolean isReplica() {
			return flags.contains("slave") || flags.contains("replica");
		}

		boolean serves(int slot) {
			return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
		}

	}

	static List<Node> parse(String reply) {
		List<Node> nodes = new ArrayList<>();
		for (String line : reply.split("\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length < 8) {
				continue;
			}
			String address = fields[1];
			int colon = address.lastIndexOf(':');
			int at = address.indexOf('@', colon);
			int port = Integer.parseInt(address.substring(colon + 1, at < 0 ? address.length() : at));
			List<int[]> slots = new ArrayList<>();
			for (int i = 8; i < fields.length; i++) {
				String slot = fields[i];
				if (slot.startsWith("[")) {
					continue;
				}
				int dash = slot.indexOf('-');
				slots.add(dash < 0 ? new int[] { Integer.parseInt(slot), Integer.parseInt(slot) } : new int[] {
						Integer.parseInt(slot.substring(0, dash)), Integer.parseInt(slot.substring(dash + 1)) });
			}
			nodes.add(new Node(port, List.of(fields[2].split(",")), slots));
		}
		return nodes;
	}

}
