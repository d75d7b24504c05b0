package io.cachegate.users.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntityTagsTests {

	@Test
	void absentHeaderIsNoCondition() {
		assertThat(EntityTags.ifMatch(null)).isNull();
		assertThat(EntityTags.ifMatch(" ")).isNull();
	}

	@Test
	void starMatchesAnyVersion() {
		assertThat(EntityTags.ifMatch("*").matches(12)).isTrue();
	}

	@Test
	void ifMatchReadsStrongTagsOnly() {
		EntityTags tags = EntityTags.ifMatch("\"3\", W/\"4\", \"abc\", \"5\"");
		assertThat(tags.versions()).containsExactly(3L, 5L);
		assertThat(tags.matches(4)).isFalse();
	}

	@Test
	void ifNoneMatchComparesWeakly() {
		assertThat(EntityTags.ifNoneMatch("W/\"4\"").matches(4)).isTrue();
	}

	@Test
	void foreignTagsMatchNothing() {
		EntityTags tags = EntityTags.ifMatch("\"not-a-version\"");
		assertThat(tags.any()).isFalse();
		assertThat(tags.versions()).isEmpty();
	}

}
