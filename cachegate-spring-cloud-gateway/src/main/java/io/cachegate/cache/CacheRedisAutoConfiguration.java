package io.cachegate.cache;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;

import io.cachegate.cache.redis.RedisConfiguration;
import io.cachegate.cache.redis.RedisGuardProperties;

/**
 * The cache's Redis client settings (fail fast while disconnected, quick reconnects, no
 * per-command bookkeeping), applied before Spring Boot builds its Redis connection.
 * Active where Spring Cloud Gateway and Spring Data Redis are on the classpath, unless
 * {@code cachegate.cache.enabled=false}.
 */
@AutoConfiguration(before = DataRedisAutoConfiguration.class)
@ConditionalOnClass({ ReactiveRedisConnectionFactory.class, GatewayFilterFactory.class })
@ConditionalOnBooleanProperty(name = "cachegate.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RedisGuardProperties.class)
@Import(RedisConfiguration.class)
public class CacheRedisAutoConfiguration {

}
