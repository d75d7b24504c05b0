package io.cachegate.gateway.routing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What every request goes through before a route is chosen. */
@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

	@Bean
	PathNormalizationWebFilter pathNormalizationWebFilter() {
		return new PathNormalizationWebFilter();
	}

}
