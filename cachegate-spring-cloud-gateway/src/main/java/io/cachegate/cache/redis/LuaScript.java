package io.cachegate.cache.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.DigestUtils;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A Lua script read once from the classpath, with its SHA-1 computed once.
 *
 * <p>
 * Why not {@code RedisScript.of(Resource)}: that script asks its resource whether it
 * changed on every call, under a lock; for a resource inside the jar the check throws
 * (and catches) a {@code FileNotFoundException} each time. On the gateway's hit path that
 * was about a tenth of all CPU time, and the lock was shared by every event loop.
 *
 * @param <T> the script's result type
 */
public record LuaScript<T>(String script, String sha1, Class<T> resultType) implements RedisScript<T> {

	/**
	 * Where the scripts live on the classpath; paths are given relative to it
	 * ({@code scripts/...}).
	 */
	private static final String BASE = "io/cachegate/cache/";

	/**
	 * Reads {@code path} from the library's scripts on the classpath
	 * ({@code io/cachegate/cache/}).
	 */
	public static <T> LuaScript<T> load(String path, Class<T> resultType) {
		String text = read(path);
		return new LuaScript<>(text, DigestUtils.sha1DigestAsHex(text), resultType);
	}

	/**
	 * Reads {@code path} from the classpath with {@code library} (functions several
	 * scripts share) in front of it: Redis runs one text per script, so this is how the
	 * scripts share one definition of a rule.
	 */
	public static <T> LuaScript<T> load(String library, String path, Class<T> resultType) {
		String text = read(library) + "\n" + read(path);
		return new LuaScript<>(text, DigestUtils.sha1DigestAsHex(text), resultType);
	}

	private static String read(String path) {
		try {
			return new ClassPathResource(BASE + path).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the Lua script " + path, ex);
		}
	}

	@Override
	public String getSha1() {
		return sha1;
	}

	@Override
	public Class<T> getResultType() {
		return resultType;
	}

	@Override
	public String getScriptAsString() {
		return script;
	}

}
