package io.cachegate.cache.store;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeCursorTests {

	@Test
	void onASingleRedisTheCursorIsScans() {
		NodeCursor at = NodeCursor.parse("1234", 1);
		assertThat(at).isEqualTo(new NodeCursor(0, "1234"));
		assertThat(at.next("99", 1)).isEqualTo("99");
		assertThat(at.next("0", 0)).isEqualTo("0");
	}

	@Test
	void startsAtTheFirstMaster() {
		assertThat(NodeCursor.parse("0", 3)).isEqualTo(new NodeCursor(0, "0"));
	}

	@Test
	void carriesTheMasterInTheLastThreeDigits() {
		NodeCursor at = NodeCursor.parse("0", 3);
		String next = at.next("4711", 3);
		assertThat(next).isEqualTo("4711000");
		assertThat(NodeCursor.parse(next, 3)).isEqualTo(new NodeCursor(0, "4711"));
		assertThat(new NodeCursor(2, "5").next("17", 3)).isEqualTo("17002");
	}

	@Test
	void movesToTheNextMasterWhenScanEndsOnOne() {
		String next = new NodeCursor(0, "4711").next("0", 3);
		assertThat(next).isEqualTo("1");
		assertThat(NodeCursor.parse(next, 3)).isEqualTo(new NodeCursor(1, "0"));
	}

	@Test
	void endsAfterTheLastMaster() {
		assertThat(new NodeCursor(2, "4711").next("0", 3)).isEqualTo("0");
	}

	@Test
	void staysWithinTheMastersThereAre() {
		assertThat(NodeCursor.parse("7", 3)).isEqualTo(new NodeCursor(2, "0"));
		assertThat(NodeCursor.parse("12009", 3)).isEqualTo(new NodeCursor(2, "12"));
	}

	@Test
	void findsAKeyServedByAnySlotRange() {
		String key = KeyListing.keyServedFrom(Set.of(16383, 5));
		assertThat(RedisKeys.slot(key)).isIn(16383, 5);
	}

}
