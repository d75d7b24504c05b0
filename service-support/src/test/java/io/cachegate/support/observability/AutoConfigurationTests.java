package io.cachegate.support.observability;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;

import io.cachegate.support.problem.ProblemAutoConfiguration;
import io.cachegate.support.problem.ProblemWriter;

import static org.assertj.core.api.Assertions.assertThat;

class AutoConfigurationTests {

	private static final AutoConfigurations BOTH = AutoConfigurations.of(AccessLogAutoConfiguration.class,
			ProblemAutoConfiguration.class);

	@Test
	void aReactiveServiceGetsTheAccessLogAndTheProblemWriter() {
		new ReactiveWebApplicationContextRunner().withConfiguration(BOTH).run((context) -> {
			assertThat(context).hasSingleBean(AccessLogWebFilter.class);
			assertThat(context).hasSingleBean(ProblemWriter.class);
		});
	}

	@Test
	void anApplicationThatIsNotReactiveGetsNeither() {
		new ApplicationContextRunner().withConfiguration(BOTH).run((context) -> {
			assertThat(context).doesNotHaveBean(AccessLogWebFilter.class);
			assertThat(context).doesNotHaveBean(ProblemWriter.class);
		});
	}

}
