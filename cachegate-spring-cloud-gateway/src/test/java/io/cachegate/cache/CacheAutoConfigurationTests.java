package io.cachegate.cache;

import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.web.reactive.function.server.RouterFunction;

import io.cachegate.cache.filter.CacheGatewayFilterFactory;
import io.cachegate.cache.stampede.TtlJitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Spring Boot user expects of the auto-configuration: the cache where Spring Cloud
 * Gateway and Spring Data Redis are, nothing without Redis or when switched off, the
 * admin API only with a {@link CacheAdminAccess}, and every bean replaceable. The context
 * is only built, never started: no Redis is needed.
 */
class CacheAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, WebFluxAutoConfiguration.class,
				DataRedisAutoConfiguration.class, DataRedisReactiveAutoConfiguration.class,
				JacksonAutoConfiguration.class, GatewayAutoConfiguration.class, CacheRedisAutoConfiguration.class,
				CacheAutoConfiguration.class))
		// What a web application's own auto-configuration would have given the gateway.
		.withBean(ServerProperties.class)
		.withPropertyValues("cachegate.events.enabled=false");

	@Test
	void configuresTheCacheFilterWithoutTheAdminApi() {
		runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(CacheGatewayFilterFactory.class);
			assertThat(context).doesNotHaveBean("cacheAdminRoutes");
		});
	}

	@Test
	void nothingWithoutRedisOnTheClasspath() {
		runner.withClassLoader(new FilteredClassLoader(ReactiveRedisConnectionFactory.class))
			.run(context -> assertThat(context).doesNotHaveBean(CacheGatewayFilterFactory.class));
	}

	@Test
	void nothingWhenSwitchedOff() {
		runner.withPropertyValues("cachegate.cache.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(CacheGatewayFilterFactory.class));
	}

	@Test
	void theAdminApiWhenTheApplicationSaysWhoMayUseIt() {
		runner.withUserConfiguration(AdminAccess.class)
			.run(context -> assertThat(context).getBean("cacheAdminRoutes").isInstanceOf(RouterFunction.class));
	}

	@Test
	void theApplicationsBeanReplacesTheLibrarys() {
		runner.withUserConfiguration(OwnJitter.class)
			.run(context -> assertThat(context.getBean(TtlJitter.class)).isSameAs(OwnJitter.JITTER));
	}

	@Configuration(proxyBeanMethods = false)
	static class AdminAccess {

		@Bean
		CacheAdminAccess cacheAdminAccess() {
			return exchange -> Mono.empty();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnJitter {

		static final TtlJitter JITTER = new TtlJitter(0, RandomGenerator.getDefault());

		@Bean
		TtlJitter ownJitter() {
			return JITTER;
		}

	}

}
