package io.cachegate.cache.redis;

/**
 * Redis did not answer in time, refused, or the circuit is open: the caller goes on
 * without it.
 */
public class RedisUnavailableException extends RuntimeException {

	RedisUnavailableException(Throwable cause) {
		super("Redis unavailable: " + cause, cause);
	}

}
