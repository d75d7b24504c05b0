package io.cachegate.cache.redis;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.tracing.Tracing;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The gateway's Redis client: binary values (cache entries are compact byte records),
 * Lettuce told to fail at once while disconnected instead of queueing commands that would
 * only time out, and to reconnect quickly so the cache resumes by itself when Redis
 * returns.
 */
@Configuration(proxyBeanMethods = false)
public class RedisConfiguration {

	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return builder -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.autoReconnect(true);
	}

	@Bean
	ClientResourcesBuilderCustomizer quickReconnect(RedisGuardProperties properties) {
		return builder -> builder.reconnectDelay(Delay.exponential(java.time.Duration.ofMillis(20),
				properties.reconnectDelay(), 2, java.util.concurrent.TimeUnit.MILLISECONDS));
	}

	/**
	 * Lettuce's resources, built as Spring Boot builds them (every
	 * {@link ClientResourcesBuilderCustomizer}, in order), then with Lettuce's own
	 * per-command bookkeeping off unless asked for: its latency collector and, while
	 * {@code management.observations.enable.lettuce} is false, the tracing context it
	 * would build for every command (an observation that records nothing still costs its
	 * objects on every hit). Built here rather than by one more customizer because Spring
	 * Boot's observation customizer has the same order as any other and could come after
	 * it. {@code cachegate.redis.latency} times every call the gateway makes.
	 */
	@Bean(destroyMethod = "shutdown")
	@ConditionalOnMissingBean(ClientResources.class)
	DefaultClientResources lettuceClientResources(ObjectProvider<ClientResourcesBuilderCustomizer> customizers,
			@Value("${management.observations.enable.lettuce:true}") boolean commandObservations) {
		DefaultClientResources.Builder builder = DefaultClientResources.builder();
		customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
		builder.commandLatencyRecorder(CommandLatencyRecorder.disabled());
		if (!commandObservations) {
			builder.tracing(Tracing.disabled());
		}
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean(name = "cacheRedisTemplate")
	ReactiveRedisTemplate<String, byte[]> cacheRedisTemplate(ReactiveRedisConnectionFactory connectionFactory) {
		return binaryTemplate(connectionFactory);
	}

	/** String keys, byte values: the template every cache script runs through. */
	static ReactiveRedisTemplate<String, byte[]> binaryTemplate(ReactiveRedisConnectionFactory connectionFactory) {
		RedisSerializationContext<String, byte[]> context = RedisSerializationContext
			.<String, byte[]>newSerializationContext(RedisSerializer.string())
			.value(RedisSerializer.byteArray())
			.hashKey(RedisSerializer.string())
			.hashValue(RedisSerializer.byteArray())
			.build();
		return new ReactiveRedisTemplate<>(connectionFactory, context);
	}

	/**
	 * The cache's lookups on connections of their own, one per request event loop unless
	 * {@code cachegate.redis.lookup-connections} says how many.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DirectScripts directScripts(ObjectProvider<LettuceConnectionFactory> connectionFactory, RedisGuard guard,
			RedisGuardProperties properties) {
		int size = properties.lookupConnections() > 0 ? properties.lookupConnections()
				: LoopResources.DEFAULT_IO_WORKER_COUNT;
		if (properties.lookupConnections() < 0) {
			return new DirectScripts(() -> null, guard, 0);
		}
		return new DirectScripts(() -> {
			LettuceConnectionFactory factory = connectionFactory.getIfAvailable();
			return factory != null ? factory.getNativeClient() : null;
		}, guard, size);
	}

	@Bean
	@ConditionalOnMissingBean
	RedisGuard redisGuard(RedisGuardProperties properties, MeterRegistry meters) {
		CircuitBreakerConfig config = CircuitBreakerConfig.custom()
			.failureRateThreshold(properties.failureRateThreshold())
			.slidingWindowSize(properties.slidingWindowSize())
			.minimumNumberOfCalls(properties.minimumCalls())
			.waitDurationInOpenState(properties.openDuration())
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.permittedNumberOfCallsInHalfOpenState(2)
			.build();
		return new RedisGuard(CircuitBreaker.of("redis", config), properties, meters);
	}

}
