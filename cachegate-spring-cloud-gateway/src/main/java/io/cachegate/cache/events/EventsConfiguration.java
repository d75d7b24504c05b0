package io.cachegate.cache.events;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachegate.cache.near.CacheInvalidation;
import io.cachegate.support.redis.RedisConnector;

/**
 * Wires the change-stream follower and starts it once the web server has its port (the
 * default instance name is {@code <host>:<port>}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "cachegate.events.enabled", matchIfMissing = true)
public class EventsConfiguration {

	/**
	 * The follower's own client, on the Redis Spring Boot is configured for (a single
	 * server or a cluster); it does not reconnect by itself: the follower does, from its
	 * saved position.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(name = "changeStreamRedis")
	RedisConnector changeStreamRedis(DataRedisConnectionDetails details, DataRedisProperties properties,
			ClientResources resources) {
		return RedisConnector.create(details, properties, resources, false);
	}

	@Bean
	@ConditionalOnMissingBean
	ChangeStreamFollower changeStreamFollower(RedisConnector changeStreamRedis, CacheInvalidation invalidation,
			EventsProperties properties, MeterRegistry meters, Clock clock) {
		return new ChangeStreamFollower(changeStreamRedis, invalidation, properties, meters, clock);
	}

	@Bean
	@ConditionalOnMissingBean
	FollowerLifecycle changeStreamFollowerLifecycle(ChangeStreamFollower follower, EventsProperties properties) {
		return new FollowerLifecycle(follower, properties);
	}

	/** Starts the follower when the server listens, stops it with the context. */
	static final class FollowerLifecycle implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

		private final ChangeStreamFollower follower;

		private final EventsProperties properties;

		FollowerLifecycle(ChangeStreamFollower follower, EventsProperties properties) {
			this.follower = follower;
			this.properties = properties;
		}

		@Override
		public void onApplicationEvent(WebServerInitializedEvent event) {
			if (event.getApplicationContext().getServerNamespace() != null) {
				// A separate management server: the instance is named after the main one.
				return;
			}
			String instance = properties.instanceId().isBlank() ? hostName() + ":" + event.getWebServer().getPort()
					: properties.instanceId();
			follower.start(instance);
		}

		@Override
		public void destroy() {
			follower.stop();
		}

		private static String hostName() {
			try {
				return InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				return "localhost";
			}
		}

	}

}
