package io.cachegate.gateway.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import reactor.core.publisher.Mono;

/**
 * The one way the gateway calls Redis on a request path: every call bounded by a short timeout and counted by a
 * circuit breaker. Callers decide what a failure means for them (the cache bypasses itself, Basic authentication
 * falls back to auth-service), so this class only signals it: with {@link RedisUnavailableException} when the
 * circuit is open or the call failed.
 *
 * <p>
 * Fail-open is deliberate: the cache is an accelerator, never the source of truth, so Redis trouble must cost
 * latency at worst, never availability. The breaker keeps a dead Redis from adding its timeout to every request.
 */
public final class RedisGuard {

	private final CircuitBreaker breaker;

	private final RedisGuardProperties properties;

	RedisGuard(CircuitBreaker breaker, RedisGuardProperties properties) {
		this.breaker = breaker;
		this.properties = properties;
	}

	/** Runs one Redis call with the timeout and breaker; any failure becomes {@link RedisUnavailableException}. */
	public <T> Mono<T> call(Mono<T> redisCall) {
		return redisCall.timeout(properties.timeout())
			.transformDeferred(CircuitBreakerOperator.of(breaker))
			.onErrorMap(ex -> !(ex instanceof RedisUnavailableException), RedisUnavailableException::new);
	}

	/** Whether calls currently go to Redis at all (circuit closed or half-open). */
	public boolean available() {
		return breaker.getState() != CircuitBreaker.State.OPEN && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
	}

	/** The breaker, for metrics and health. */
	public CircuitBreaker breaker() {
		return breaker;
	}

}
