package io.cachegate.cache;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.cloud.gateway.config.GatewayAutoConfiguration;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import io.cachegate.cache.admin.CacheAdminConfiguration;
import io.cachegate.cache.events.EventsConfiguration;
import io.cachegate.cache.events.EventsProperties;
import io.cachegate.cache.hit.FastPathConfiguration;
import io.cachegate.cache.hit.FastPathProperties;
import io.cachegate.cache.http.CacheProperties;
import io.cachegate.cache.near.NearCacheProperties;
import io.cachegate.cache.stampede.StampedeProperties;
import io.cachegate.support.problem.ProblemAutoConfiguration;
import io.cachegate.support.problem.ProblemWriter;

/**
 * The cache for Spring Cloud Gateway: the {@code Cache} route filter and its Redis store
 * with the near cache in front, stampede control, the fast path for hits, the
 * change-event follower, the metrics, and the admin API where the application says who
 * may use it ({@link io.cachegate.cache.CacheAdminAccess}). Active where Spring Cloud
 * Gateway and Spring Data Redis are on the classpath, unless
 * {@code cachegate.cache.enabled=false}; a route is cached only when it lists the
 * {@code Cache} filter. Every bean the application defines itself replaces the library's.
 */
@AutoConfiguration(
		after = { DataRedisReactiveAutoConfiguration.class, JacksonAutoConfiguration.class,
				GatewayAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass({ ReactiveRedisConnectionFactory.class, GatewayFilterFactory.class })
@ConditionalOnBooleanProperty(name = "cachegate.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ CacheProperties.class, NearCacheProperties.class, StampedeProperties.class,
		FastPathProperties.class, EventsProperties.class })
@Import({ CacheConfiguration.class, FastPathConfiguration.class, EventsConfiguration.class,
		CacheAdminConfiguration.class })
public class CacheAutoConfiguration {

	/** Time for entry ages and expiry, where the application has no clock of its own. */
	@Bean
	@ConditionalOnMissingBean
	Clock cacheClock() {
		return Clock.systemUTC();
	}

	/**
	 * The cache's meters, where the application has no meter registry (no Spring Boot
	 * Actuator): counted, not exported.
	 */
	@Bean
	@ConditionalOnMissingBean
	MeterRegistry cacheMeterRegistry() {
		return new SimpleMeterRegistry();
	}

	/**
	 * The library's problems as problem+json where the application renders them
	 * otherwise.
	 */
	@Bean
	@ConditionalOnMissingBean
	CacheProblemHandler cacheProblemHandler(ObjectProvider<ProblemWriter> writer) {
		return new CacheProblemHandler(writer.getIfAvailable(() -> new ProblemWriter(JsonMapper.builder().build())));
	}

}
