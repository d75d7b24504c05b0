package io.cachegate.support.observability;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * Registers the access log in every reactive web application that has this module on its
 * classpath, except the gateway: Spring Cloud Gateway applications have their own access
 * log, which also knows the route and the cache result, and two would log every request
 * twice.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnMissingClass(AccessLogAutoConfiguration.GATEWAY)
public class AccessLogAutoConfiguration {

	/** A class only Spring Cloud Gateway applications have. */
	static final String GATEWAY = "org.springframework.cloud.gateway.filter.GlobalFilter";

	@Bean
	@ConditionalOnMissingBean
	AccessLogWebFilter accessLogWebFilter() {
		return new AccessLogWebFilter();
	}

}
