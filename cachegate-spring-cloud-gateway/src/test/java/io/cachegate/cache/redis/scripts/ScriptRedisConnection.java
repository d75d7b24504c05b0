package io.cachegate.cache.redis.scripts;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A script test class's connection to the test Redis ({@link ScriptRedis}), opened before
 * its tests and closed after them: opened per run of the class, because a rerun of a
 * failed test runs its class again. Registered as a static field
 * ({@code @RegisterExtension static final ScriptRedisConnection REDIS = ...}); the tests
 * take {@link #commands()} into an instance field.
 */
final class ScriptRedisConnection implements BeforeAllCallback, AfterAllCallback {

	private StatefulRedisConnection<String, String> text;

	private StatefulRedisConnection<byte[], byte[]> bytes;

	@Override
	public void beforeAll(ExtensionContext context) {
		text = ScriptRedis.CLIENT.connect();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		text.close();
		if (bytes != null) {
			bytes.close();
			bytes = null;
		}
	}

	/** Commands with string keys and values. */
	RedisCommands<String, String> commands() {
		return text.sync();
	}

	/** Commands with raw keys and values, on a second connection opened on first use. */
	RedisCommands<byte[], byte[]> bytes() {
		if (bytes == null) {
			bytes = ScriptRedis.CLIENT.connect(ByteArrayCodec.INSTANCE);
		}
		return bytes.sync();
	}

}
