package io.cachegate.support.observability;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * Registers the access log in every reactive web application that has this module on its
 * classpath.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
public class AccessLogAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	AccessLogWebFilter accessLogWebFilter() {
		return new AccessLogWebFilter();
	}

}
