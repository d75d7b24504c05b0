package io.cachegate.cache.events;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cachegate.cache.store.Invalidation;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeEventTests {

	@Test
	void readsTheRelaysFields() {
		ChangeEvent event = ChangeEvent.of("1700000000123-4",
				Map.of("kind", "update", "tags", "user:1, user:2,users", "collapsed", "false"));
		assertThat(event.tags()).containsExactly("user:1", "user:2", "users");
		assertThat(event.publishedAtMillis()).isEqualTo(1700000000123L);
		assertThat(event.dropsEverything()).isFalse();
	}

	@Test
	void collapsedUpdatesDeletesAndTruncatesDropEverythingButCollapsedInsertsDoNot() {
		assertThat(collapsed("update").dropsEverything()).isTrue();
		assertThat(collapsed("delete").dropsEverything()).isTrue();
		assertThat(collapsed("insert").dropsEverything()).isFalse();
		assertThat(ChangeEvent.of("1-0", Map.of("kind", "truncate", "tags", "users")).dropsEverything()).isTrue();
	}

	@Test
	void tagsOfRowsThatExistAfterTheChangeAreInvalidatedByVersionTheOthersWithout() {
		Invalidation invalidation = ChangeEvent
			.of("1-0", Map.of("kind", "update", "tags", "user:1,user:2,users", "tagVersions", "user:1=3,user:2=x"))
			.invalidation();
		assertThat(invalidation.tags()).containsExactlyInAnyOrder("user:1", "user:2", "users");
		// A pair that does not parse is no version: invalidated without one, which is
		// always safe.
		assertThat(invalidation.versions()).containsExactly(Map.entry("user:1", 3L));
	}

	@Test
	void aVersionForATagTheEventDoesNotNameIsIgnoredAndOldEventsHaveNone() {
		assertThat(ChangeEvent.of("1-0", Map.of("kind", "update", "tags", "user:1", "tagVersions", "user:9=3"))
			.invalidation()
			.versions()).isEmpty();
		assertThat(ChangeEvent.of("1-0", Map.of("kind", "update", "tags", "user:1,users", "versions", "3"))
			.invalidation()
			.versions()).isEmpty();
	}

	@Test
	void streamIdsCompareAsNumbersNotText() {
		assertThat(StreamIds.compare("999-0", "1000-0")).isNegative();
		assertThat(StreamIds.compare("5-10", "5-9")).isPositive();
		assertThat(StreamIds.compare("5-1", "5-1")).isZero();
	}

	@Test
	void aPositionBeforeTheFirstEntryLeftWasTrimmedPast() {
		List<Object> info = List.of("length", 2L, "max-deleted-entry-id", "0-0", "first-entry",
				List.of("100-0", List.of("kind", "update")));
		assertThat(ChangeStreamFollower.trimmedAfter(info, "99-0")).isTrue();
		assertThat(ChangeStreamFollower.trimmedAfter(info, "100-0")).isFalse();
		assertThat(ChangeStreamFollower.trimmedAfter(info, "150-0")).isFalse();
		List<Object> deleted = List.of("max-deleted-entry-id", "120-0", "first-entry", List.of("100-0", List.of()));
		assertThat(ChangeStreamFollower.trimmedAfter(deleted, "110-0")).isTrue();
	}

	private static ChangeEvent collapsed(String kind) {
		return ChangeEvent.of("1-0", Map.of("kind", kind, "tags", "users", "collapsed", "true"));
	}

}
