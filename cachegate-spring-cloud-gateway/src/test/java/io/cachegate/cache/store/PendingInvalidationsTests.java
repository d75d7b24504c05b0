package io.cachegate.cache.store;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link PendingInvalidations}: what is held back, and when it is released. The
 * invalidator stands in for Redis (which the integration test
 * {@code RedisOutageIntegrationTests} uses for real); here it records its calls and
 * answers as told, so the timing of a retry against a lookup can be set exactly.
 */
class PendingInvalidationsTests {

	private final List<Collection<String>> attempts = new CopyOnWriteArrayList<>();

	private final AtomicBoolean redisTakesIt = new AtomicBoolean();

	private final BiFunction<String, Collection<String>, Mono<Boolean>> recording = (route, tags) -> {
		attempts.add(List.copyOf(tags));
		return Mono.just(redisTakesIt.get());
	};

	@Test
	void holdsBackEntriesCarryingAFailedTagOfThatRouteOnly() {
		PendingInvalidations pending = pending(recording, 10);
		long stamp = pending.retryEpoch();
		pending.add("users", List.of("user:1", "uri:/users/1"));

		assertThat(pending.blocks("users", List.of("uri:/users/1"), stamp)).isTrue();
		assertThat(pending.blocks("users", List.of("user:2", "user:1"), stamp)).isTrue();
		assertThat(pending.blocks("users", List.of("user:2", "uri:/users/2"), stamp)).isFalse();
		assertThat(pending.blocks("auth", List.of("user:1"), stamp)).isFalse();
		assertThat(pending.unresolved()).isEqualTo(2);
	}

	@Test
	void retriesUntilRedisTakesItThenReleasesOnlyLookupsSentAfterwards() {
		PendingInvalidations pending = pending(recording, 10);
		pending.add("users", List.of("user:1"));
		long beforeResolution = pending.retryEpoch();

		await().atMost(Duration.ofSeconds(5)).until(() -> attempts.size() >= 3);
		assertThat(pending.blocks("users", List.of("user:1"), pending.retryEpoch())).isTrue();

		redisTakesIt.set(true);
		await().atMost(Duration.ofSeconds(5)).until(() -> pending.unresolved() == 0);
		assertThat(attempts).allSatisfy(tags -> assertThat(tags).containsExactly("user:1"));
		// A lookup sent before the retry landed may have read the old entry: still held
		// back.
		assertThat(pending.blocks("users", List.of("user:1"), beforeResolution)).isTrue();
		assertThat(pending.blocks("users", List.of("user:1"), pending.retryEpoch())).isFalse();
	}

	@Test
	void aFailureDuringARetryIsNotReleasedByThatRetry() {
		Sinks.One<Boolean> firstAnswer = Sinks.one();
		List<Collection<String>> calls = new CopyOnWriteArrayList<>();
		PendingInvalidations pending = pending((route, tags) -> {
			calls.add(List.copyOf(tags));
			return calls.size() == 1 ? firstAnswer.asMono() : Mono.just(false);
		}, 10);
		pending.add("users", List.of("user:1"));
		await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);

		// Another write of the same user fails while the first retry is on its way (it
		// may have reached Redis before
		// that write was committed): its mark must survive the retry's success.
		pending.add("users", List.of("user:1"));
		firstAnswer.tryEmitValue(true);

		await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() >= 2);
		assertThat(pending.unresolved()).isEqualTo(1);
		assertThat(pending.blocks("users", List.of("user:1"), pending.retryEpoch())).isTrue();
	}

	@Test
	void pastItsBoundARouteIsHeldBackWholeAndInvalidatedWhole() {
		PendingInvalidations pending = pending(recording, 3);
		long stamp = pending.retryEpoch();
		pending.add("users", List.of("user:1", "uri:/users/1"));
		pending.add("users", List.of("user:2", "uri:/users/2"));

		assertThat(pending.blocks("users", List.of("user:99"), stamp)).isTrue();
		assertThat(pending.blocks("auth", List.of("user:99"), stamp)).isFalse();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> attempts.stream().anyMatch(tags -> tags.contains(Invalidation.ALL)));
	}

	private static PendingInvalidations pending(BiFunction<String, Collection<String>, Mono<Boolean>> invalidator,
			int maxTagsPerRoute) {
		return new PendingInvalidations(invalidator, Duration.ofMillis(100), Duration.ofSeconds(30), maxTagsPerRoute,
				new SimpleMeterRegistry());
	}

}
