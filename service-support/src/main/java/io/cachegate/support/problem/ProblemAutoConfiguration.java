package io.cachegate.support.problem;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@link ProblemWriter} in every reactive web application that has this
 * module on its classpath: the gateway and both services answer problems through it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
public class ProblemAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProblemWriter problemWriter(ObjectProvider<JsonMapper> jsonMapper) {
		// The application's mapper where there is one (resolved when the writer is
		// created, so the order of auto-configurations does not matter).
		return new ProblemWriter(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

}
