package io.cachegate.cache.redis.scripts;

import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import io.cachegate.cache.redis.LuaScript;
import io.cachegate.stack.Infrastructure;

/**
 * The test Redis (wherever the stack's test support finds it, database 3 as the other
 * script tests use) and the cache scripts as the gateway loads them:
 * {@code tag-marks.lua} in front of lookup, store and invalidate, the others alone.
 */
final class ScriptRedis {

	static final String TAG_MARKS = "scripts/tag-marks.lua";

	static final String LOOKUP = LuaScript.load(TAG_MARKS, "scripts/cache-lookup.lua", List.class).getScriptAsString();

	static final String STORE = LuaScript.load(TAG_MARKS, "scripts/cache-store.lua", Long.class).getScriptAsString();

	static final String INVALIDATE = LuaScript.load(TAG_MARKS, "scripts/cache-invalidate.lua", List.class)
		.getScriptAsString();

	static final String LEASE = LuaScript.load("scripts/cache-lease.lua", Long.class).getScriptAsString();

	static final String ADMIN_ENTRY = LuaScript.load("scripts/cache-admin-entry.lua", List.class).getScriptAsString();

	static final String ADMIN_MEMORY = LuaScript.load("scripts/cache-admin-memory.lua", List.class).getScriptAsString();

	static final String ADMIN_SCAN = LuaScript.load("scripts/cache-admin-scan.lua", List.class).getScriptAsString();

	static final RedisClient CLIENT = RedisClient.create(Infrastructure.redis().url(3));

	private ScriptRedis() {
	}

	static RedisCommands<String, String> connect() {
		StatefulRedisConnection<String, String> connection = CLIENT.connect();
		return connection.sync();
	}

	static List<Object> multi(RedisCommands<String, String> redis, String script, String[] keys, String... args) {
		return redis.eval(script, ScriptOutputType.MULTI, keys, args);
	}

	static long integer(RedisCommands<String, String> redis, String script, String[] keys, String... args) {
		Long result = redis.eval(script, ScriptOutputType.INTEGER, keys, args);
		return result;
	}

}
