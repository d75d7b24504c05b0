package io.cachegate.cache.redis;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The one way the gateway calls Redis on a request path: every call bounded by a short
 * timeout and counted by a circuit breaker. Callers decide what a failure means for them
 * (the cache bypasses itself, Basic authentication falls back to auth-service), so this
 * class only signals it: with {@link RedisUnavailableException} when the circuit is open
 * or the call failed.
 *
 * <p>
 * Fail-open is deliberate: the cache is an accelerator, never the source of truth, so
 * Redis trouble must cost latency at worst, never availability. The breaker keeps a dead
 * Redis from adding its timeout to every request.
 *
 * <p>
 * Metrics: {@code cachegate.redis.latency} (timer, {@code outcome=success|error}),
 * {@code cachegate.redis.errors} ({@code kind=timeout|circuit-open|failure}) and
 * {@code cachegate.redis.circuit.state} (one gauge per {@code state}, 1 for the current
 * one), the shape resilience4j's own binder uses.
 */
public final class RedisGuard {

	private static final Logger logger = LoggerFactory.getLogger(RedisGuard.class);

	private final CircuitBreaker breaker;

	private final RedisGuardProperties properties;

	private final Timer success;

	private final Timer failure;

	private final Counter timeouts;

	private final Counter rejected;

	private final Counter failures;

	private final Supplier<TimeoutException> timedOut;

	RedisGuard(CircuitBreaker breaker, RedisGuardProperties properties, MeterRegistry meters) {
		this.breaker = breaker;
		this.properties = properties;
		this.success = latency(meters, "success");
		this.failure = latency(meters, "error");
		this.timeouts = errors(meters, "timeout");
		this.rejected = errors(meters, "circuit-open");
		this.failures = errors(meters, "failure");
		this.timedOut = () -> new TimeoutException(
				"Redis did not answer within " + properties.timeout().toMillis() + " ms");
		breaker.getEventPublisher()
			.onStateTransition(event -> logger.warn("Redis circuit breaker: {}", event.getStateTransition()));
		for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
			Gauge.builder("cachegate.redis.circuit.state", breaker, b -> b.getState() == state ? 1 : 0)
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.description("1 for the current state of the circuit breaker in front of Redis")
				.register(meters);
		}
	}

	private static Timer latency(MeterRegistry meters, String outcome) {
		return Timer.builder("cachegate.redis.latency")
			.tag("outcome", outcome)
			.description("Redis calls made through the guard (timeout and circuit breaker)")
			.publishPercentileHistogram()
			.register(meters);
	}

	private static Counter errors(MeterRegistry meters, String kind) {
		return Counter.builder("cachegate.redis.errors")
			.tag("kind", kind)
			.description("Redis calls that failed, timed out or were refused by the open circuit")
			.register(meters);
	}

	/**
	 * Runs one Redis call with the timeout and breaker; any failure becomes
	 * {@link RedisUnavailableException}.
	 */
	public <T> Mono<T> call(Mono<T> redisCall) {
		return Mono.defer(() -> {
			long started = System.nanoTime();
			// timeout(Publisher, fallback) rather than timeout(Duration): the latter
			// builds a description of the
			// operator chain (a regular expression over class names) at every
			// subscription, on every request.
			return redisCall.timeout(Mono.delay(properties.timeout()), Mono.error(timedOut))
				.transformDeferred(CircuitBreakerOperator.of(breaker))
				.doOnSuccess(value -> success.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
				.doOnError(ex -> {
					if (ex instanceof CallNotPermittedException) {
						rejected.increment();
						return;
					}
					failure.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
					(ex instanceof TimeoutException ? timeouts : failures).increment();
				})
				.onErrorMap(ex -> !(ex instanceof RedisUnavailableException), RedisUnavailableException::new);
		});
	}

	/**
	 * Asks the breaker for one call made without {@link #call}; when true, the caller
	 * reports the call's end with {@link #succeeded} or {@link #failed}.
	 */
	boolean tryAcquire() {
		if (breaker.tryAcquirePermission()) {
			return true;
		}
		rejected.increment();
		return false;
	}

	/** A call admitted by {@link #tryAcquire} answered. */
	void succeeded(long startedNanos) {
		long duration = System.nanoTime() - startedNanos;
		breaker.onSuccess(duration, TimeUnit.NANOSECONDS);
		success.record(duration, TimeUnit.NANOSECONDS);
	}

	/** A call admitted by {@link #tryAcquire} failed or timed out. */
	void failed(long startedNanos, Throwable ex) {
		long duration = System.nanoTime() - startedNanos;
		breaker.onError(duration, TimeUnit.NANOSECONDS, ex);
		failure.record(duration, TimeUnit.NANOSECONDS);
		(ex instanceof TimeoutException ? timeouts : failures).increment();
	}

	/** The error of a call that took longer than the timeout. */
	TimeoutException timedOut() {
		return timedOut.get();
	}

	/** The longest one call may take. */
	java.time.Duration timeout() {
		return properties.timeout();
	}

	/** Whether calls currently go to Redis at all (circuit closed or half-open). */
	public boolean available() {
		return breaker.getState() != CircuitBreaker.State.OPEN
				&& breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
	}

	/** The breaker, for metrics and health. */
	public CircuitBreaker breaker() {
		return breaker;
	}

}
