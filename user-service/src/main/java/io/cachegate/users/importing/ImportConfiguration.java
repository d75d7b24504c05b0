package io.cachegate.users.importing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachegate.support.redis.RedisConnector;
import io.cachegate.users.user.UserRules;

/**
 * Wiring of the bulk import. The stream commands it needs ({@code XAUTOCLAIM}, blocking
 * {@code XREADGROUP} on connections of its own) are plain Lettuce, on a client of its own
 * that follows Spring Boot's Redis settings: the same {@code REDIS_URL}, or the same
 * cluster ({@code SPRING_DATA_REDIS_CLUSTER_NODES}).
 */
@Configuration(proxyBeanMethods = false)
class ImportConfiguration {

	@Bean(destroyMethod = "close")
	RedisConnector importRedis(DataRedisConnectionDetails details, DataRedisProperties properties,
			ClientResources resources) {
		return RedisConnector.create(details, properties, resources, true);
	}

	@Bean
	ImportQueue importQueue(RedisConnector importRedis, ImportProperties properties) {
		return new ImportQueue(importRedis, properties);
	}

	@Bean
	ImportService importService(ImportRepository repository, ImportQueue queue, ImportProperties properties,
			JsonMapper json, Clock clock) {
		return new ImportService(repository, queue, properties, json, clock);
	}

	@Bean
	ImportWorkers importWorkers(ImportQueue queue, ImportPartRepository repository, UserRules rules, JsonMapper json,
			ImportProperties properties, Clock clock, MeterRegistry metrics) {
		return new ImportWorkers(queue, repository, rules, json, properties, clock, consumerName(properties), metrics);
	}

	/**
	 * Unique per instance and start: two instances sharing a name would look like one
	 * consumer to the group.
	 */
	private static String consumerName(ImportProperties properties) {
		if (!properties.consumer().isBlank()) {
			return properties.consumer();
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + "-" + ProcessHandle.current().pid() + "-"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
	}

}
