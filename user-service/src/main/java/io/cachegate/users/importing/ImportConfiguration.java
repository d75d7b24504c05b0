package io.cachegate.users.importing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.cachegate.users.user.UserRules;

/**
 * Wiring of the bulk import. The stream commands it needs ({@code XAUTOCLAIM}, blocking
 * {@code XREADGROUP} on connections of its own) are plain Lettuce, on a client of its own
 * pointed at the same {@code REDIS_URL}.
 */
@Configuration(proxyBeanMethods = false)
class ImportConfiguration {

	@Bean(destroyMethod = "shutdown")
	RedisClient importRedisClient() {
		return RedisClient.create();
	}

	@Bean
	ImportQueue importQueue(RedisClient importRedisClient,
			@Value("${spring.data.redis.url:redis://127.0.0.1:6379}") String redisUrl, ImportProperties properties) {
		return new ImportQueue(importRedisClient, RedisURI.create(redisUrl), properties);
	}

	@Bean
	ImportService importService(ImportRepository repository, ImportQueue queue, ImportProperties properties,
			JsonMapper json, Clock clock) {
		return new ImportService(repository, queue, properties, json, clock);
	}

	@Bean
	ImportWorkers importWorkers(ImportQueue queue, ImportRepository repository, UserRules rules, JsonMapper json,
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
