package io.cachegate.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.cachegate.cache.CallerRoles;
import io.cachegate.cache.filter.CacheGatewayFilterFactory;
import io.cachegate.cache.hit.FreshHits;
import io.cachegate.cache.http.CacheProperties;
import io.cachegate.cache.http.PrivatePathRules;
import io.cachegate.cache.metrics.CacheMetrics;
import io.cachegate.cache.near.CacheInvalidation;
import io.cachegate.cache.near.FormerNearCacheNames;
import io.cachegate.cache.near.NearCache;
import io.cachegate.cache.near.NearCacheProperties;
import io.cachegate.cache.near.NearCachingStore;
import io.cachegate.cache.redis.DirectScripts;
import io.cachegate.cache.redis.LuaScript;
import io.cachegate.cache.redis.RedisGuard;
import io.cachegate.cache.stampede.CacheLeases;
import io.cachegate.cache.stampede.RequestCoalescer;
import io.cachegate.cache.stampede.StaleRefresher;
import io.cachegate.cache.stampede.StampedeProperties;
import io.cachegate.cache.stampede.TtlJitter;
import io.cachegate.cache.store.CacheAdministration;
import io.cachegate.cache.store.CacheStore;
import io.cachegate.cache.store.Invalidation;
import io.cachegate.cache.store.InvalidationOutcome;
import io.cachegate.cache.store.PendingInvalidations;
import io.cachegate.cache.store.RedisCacheStore;
import io.cachegate.cache.web.RequestEventLoops;

/**
 * Wires the cache: its Lua scripts (loaded once, run by SHA), the store and the
 * {@code Cache} route filter.
 */
@Configuration(proxyBeanMethods = false)
public class CacheConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(CacheConfiguration.class);

	/** The rule of tag marks, shared by the lookup, store and invalidation scripts. */
	private static final String TAG_MARKS = "scripts/tag-marks.lua";

	@Bean
	@ConditionalOnMissingBean
	NearCachingStore cacheStore(ReactiveRedisTemplate<String, byte[]> redis, RedisGuard guard,
			DirectScripts directScripts, CacheProperties properties, NearCacheProperties nearCacheProperties,
			MeterRegistry meters, Clock clock) {
		RedisScript<List> lookup = LuaScript.load(TAG_MARKS, "scripts/cache-lookup.lua", List.class);
		RedisScript<Long> store = LuaScript.load(TAG_MARKS, "scripts/cache-store.lua", Long.class);
		RedisScript<List> invalidate = LuaScript.load(TAG_MARKS, "scripts/cache-invalidate.lua", List.class);
		// The near cache sits in front of the Redis store; see NearCachingStore.
		NearCache nearCache = new NearCache(nearCacheProperties, meters, clock);
		warnIfOneMasterHoldsARoute(redis, properties);
		RedisCacheStore shared = new RedisCacheStore(redis, guard, directScripts, lookup, store, invalidate,
				properties.tagRetention(), route -> properties.policy(route).maxVariants(),
				route -> properties.policy(route).buckets(), clock);
		return new NearCachingStore(shared, nearCache, nearCacheProperties);
	}

	/**
	 * On a Redis Cluster, a route kept in one bucket lives on one master: said at start,
	 * since the gateway works that way too, only without the cluster's room.
	 */
	private static void warnIfOneMasterHoldsARoute(ReactiveRedisTemplate<String, byte[]> redis,
			CacheProperties properties) {
		if (redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()) {
			properties.routes().forEach((route, policy) -> {
				if (policy.enabled() && policy.buckets() == 1) {
					logger.warn("On this Redis Cluster the cache of route {} lives on one master; set "
							+ "cachegate.cache.routes.{}.buckets (CACHEGATE_CACHE_ROUTES_<ROUTE>_BUCKETS), "
							+ "for example to 12, to spread it over the masters", route, route);
				}
			});
		}
	}

	/** Invalidation for the change stream: the store's script, then the near cache. */
	@Bean
	@ConditionalOnMissingBean
	CacheInvalidation cacheInvalidation(NearCachingStore store) {
		return new CacheInvalidation(store);
	}

	/**
	 * Warms the Redis connection once the application is ready, without holding start-up.
	 */
	@Bean
	ApplicationListener<ApplicationStartedEvent> formerNearCacheNames(Environment environment) {
		return event -> FormerNearCacheNames.warnIfUsed(environment);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> cacheWarmUp(CacheStore store) {
		return event -> store.warmUp().subscribe();
	}

	@Bean
	@ConditionalOnMissingBean
	CacheGatewayFilterFactory cacheGatewayFilterFactory(CacheStore store, CacheProperties properties, Clock clock,
			CacheMetrics metrics, TtlJitter ttlJitter, RequestCoalescer requestCoalescer, StaleRefresher staleRefresher,
			PendingInvalidations pendingInvalidations, PrivatePathRules privatePaths,
			ObjectProvider<CallerRoles> callerRoles) {
		return new CacheGatewayFilterFactory(store, properties, clock, metrics, ttlJitter, requestCoalescer,
				staleRefresher, pendingInvalidations, privatePaths, callerRoles.getIfAvailable(() -> CallerRoles.NONE));
	}

	@Bean
	@ConditionalOnMissingBean
	PrivatePathRules privatePathRules(CacheProperties properties) {
		return new PrivatePathRules(properties);
	}

	/**
	 * Writes whose invalidation Redis could not take: retried in the background (at most
	 * a second apart), their entries held back meanwhile; at most 10,000 tags per route
	 * before the whole route is held back.
	 */
	@Bean
	@ConditionalOnMissingBean
	PendingInvalidations pendingInvalidations(CacheStore store, MeterRegistry meters) {
		return new PendingInvalidations(
				(route, tags) -> store.invalidate(route, Invalidation.of(tags), null).map(InvalidationOutcome::applied),
				Duration.ofSeconds(1), Duration.ofSeconds(30), 10_000, meters);
	}

	/**
	 * Fresh hits for the fast path in front of the gateway (package {@code cache.hit}).
	 */
	@Bean
	@ConditionalOnMissingBean
	FreshHits freshHits(CacheStore store, CacheProperties properties, PendingInvalidations pendingInvalidations,
			CacheMetrics metrics, PrivatePathRules privatePaths, Clock clock) {
		return new FreshHits(store, properties, pendingInvalidations, metrics, new RequestEventLoops(), privatePaths,
				clock);
	}

	@Bean
	@ConditionalOnMissingBean
	TtlJitter ttlJitter(StampedeProperties stampede) {
		return new TtlJitter(stampede.ttlJitter(), RandomGenerator.getDefault());
	}

	@Bean
	@ConditionalOnMissingBean
	CacheLeases cacheLeases(ReactiveRedisTemplate<String, byte[]> redis, RedisGuard guard,
			StampedeProperties stampede) {
		RedisScript<Long> lease = LuaScript.load("scripts/cache-lease.lua", Long.class);
		return new CacheLeases(redis, guard, lease, stampede.leaseTime());
	}

	@Bean
	@ConditionalOnMissingBean
	RequestCoalescer requestCoalescer(CacheStore store, CacheLeases leases, CacheMetrics metrics,
			StampedeProperties stampede, Clock clock) {
		return new RequestCoalescer(store, leases, metrics, stampede, clock);
	}

	/**
	 * Background refreshes call origins with their own client (not a bean, so nothing
	 * else picks it up by type): connect timeout as for routes; the whole refresh is
	 * bounded by {@code refresh-timeout}.
	 */
	@Bean
	@ConditionalOnMissingBean
	StaleRefresher staleRefresher(CacheStore store, CacheLeases leases, TtlJitter ttlJitter, CacheMetrics metrics,
			StampedeProperties stampede, Clock clock) {
		HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
		WebClient client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		return new StaleRefresher(client, store, leases, ttlJitter, metrics, stampede, clock);
	}

	/**
	 * The admin API's access to the cache (package {@code admin}); its own timeout, no
	 * circuit breaker.
	 */
	@Bean
	@ConditionalOnMissingBean
	CacheAdministration cacheAdministration(ReactiveRedisTemplate<String, byte[]> redis, CacheStore store,
			Clock clock) {
		RedisScript<List> scan = LuaScript.load("scripts/cache-admin-scan.lua", List.class);
		RedisScript<List> entry = LuaScript.load("scripts/cache-admin-entry.lua", List.class);
		RedisScript<List> memory = LuaScript.load("scripts/cache-admin-memory.lua", List.class);
		return new CacheAdministration(redis, store, scan, entry, memory, Duration.ofSeconds(5), clock);
	}

	@Bean
	@ConditionalOnMissingBean
	CacheMetrics cacheMetrics(MeterRegistry meters) {
		return new CacheMetrics(meters);
	}

}
