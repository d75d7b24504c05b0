package io.cachegate.stack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LaunchOptionsTests {

	@Test
	void noArgumentsSeedNothing() {
		assertThat(LaunchOptions.parse().demoUsers()).isEmpty();
	}

	@Test
	void demoAloneSeedsTenThousandUsers() {
		assertThat(LaunchOptions.parse("--demo").demoUsers()).hasValue(10_000);
	}

	@Test
	void demoTakesANumberAfterItOrAfterAnEqualsSign() {
		assertThat(LaunchOptions.parse("--demo", "1000").demoUsers()).hasValue(1000);
		assertThat(LaunchOptions.parse("--demo=250").demoUsers()).hasValue(250);
		assertThat(LaunchOptions.parse("--demo", "100_000").demoUsers()).hasValue(100_000);
	}

	@Test
	void refusesWhatItDoesNotKnowNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--demo", "0"))
			.withMessageContaining("'0'");
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--demo", "many"))
			.withMessageContaining("'many'");
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--demo=-5"))
			.withMessageContaining("'-5'");
		assertThatIllegalArgumentException().isThrownBy(() -> LaunchOptions.parse("--dmeo"))
			.withMessageContaining("'--dmeo'")
			.withMessageContaining("Usage: ./run");
	}

}
