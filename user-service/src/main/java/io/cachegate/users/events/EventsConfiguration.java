package io.cachegate.users.events;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Wires the change-event relay. Its database connection comes from its own unpooled
 * factory on the same URL and credentials as the service's pool: the relay holds a
 * session advisory lock and a {@code LISTEN} on that connection, state that must never
 * leak back into a pool.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "cachegate.events.enabled", matchIfMissing = true)
class EventsConfiguration {

	@Bean
	OutboxRelay outboxRelay(@Value("${spring.r2dbc.url}") String url,
			@Value("${spring.r2dbc.username:}") String username, @Value("${spring.r2dbc.password:}") String password,
			ReactiveStringRedisTemplate redis, EventsProperties properties, MeterRegistry meters, Clock clock) {
		return new OutboxRelay(unpooled(url, username, password), redis, properties, meters, clock);
	}

	/**
	 * A plain driver factory (no pool) for the URL, user and password of
	 * {@code spring.r2dbc.*}.
	 */
	static ConnectionFactory unpooled(String url, String username, String password) {
		ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(url)
			.mutate()
			.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(5));
		if (!username.isEmpty()) {
			options.option(ConnectionFactoryOptions.USER, username);
		}
		if (!password.isEmpty()) {
			options.option(ConnectionFactoryOptions.PASSWORD, password);
		}
		return ConnectionFactories.get(options.build());
	}

}
