package io.cachegate.cache.events;

import java.util.concurrent.CompletableFuture;

import io.cachegate.gateway.testsupport.FakeUsers;

/**
 * A user created at the user-service stand-in of a {@link GatewayCluster}, and the bearer
 * token of a caller of one role who reads and renames it.
 */
record ClusterUser(long id, String path, String token) {

	static ClusterUser create(FakeUsers users, String token, String name) {
		long id = users.create(name);
		return new ClusterUser(id, "/users/" + id, token);
	}

	String tag() {
		return "user:" + id;
	}

	/** The tags of the user's change events. */
	String tags() {
		return tag() + "," + FakeUsers.listTag();
	}

	GatewayInstance.Response read(GatewayInstance gateway) {
		return gateway.get(path, token);
	}

	GatewayInstance.Response rename(GatewayInstance gateway, String name) {
		return gateway.put(path, token, "{\"name\":\"" + name + "\"}");
	}

	CompletableFuture<GatewayInstance.Response> renameInBackground(GatewayInstance gateway, String name) {
		return CompletableFuture.supplyAsync(() -> rename(gateway, name));
	}

}
