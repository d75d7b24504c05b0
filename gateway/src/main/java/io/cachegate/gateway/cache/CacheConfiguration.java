package io.cachegate.gateway.cache;

import java.time.Clock;
import java.util.List;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.cachegate.gateway.redis.RedisGuard;

/** Wires the cache: its Lua scripts (loaded once, run by SHA), the store and the {@code Cache} route filter. */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

	@Bean
	CacheStore cacheStore(ReactiveRedisTemplate<String, byte[]> redis, RedisGuard guard, CacheProperties properties) {
		RedisScript<List> lookup = RedisScript.of(new ClassPathResource("scripts/cache-lookup.lua"), List.class);
		RedisScript<Long> store = RedisScript.of(new ClassPathResource("scripts/cache-store.lua"), Long.class);
		RedisScript<List> invalidate = RedisScript.of(new ClassPathResource("scripts/cache-invalidate.lua"),
				List.class);
		return new CacheStore(redis, guard, lookup, store, invalidate, properties.tagRetention());
	}

	/** Warms the Redis connection once the application is ready, without holding start-up. */
	@Bean
	ApplicationListener<ApplicationReadyEvent> cacheWarmUp(CacheStore store) {
		return event -> store.warmUp().subscribe();
	}

	@Bean
	CacheGatewayFilterFactory cacheGatewayFilterFactory(CacheStore store, CacheProperties properties, Clock clock) {
		return new CacheGatewayFilterFactory(store, properties, clock);
	}

}
