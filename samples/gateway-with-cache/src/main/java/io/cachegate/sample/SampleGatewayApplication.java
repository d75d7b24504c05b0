package io.cachegate.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Cloud Gateway application of its own, with its own security
 * ({@link SecurityConfiguration}), that caches its routes with the Cachegate library: the
 * dependency, a {@code Cache} filter on each route, {@code cachegate.cache.*} settings,
 * and two small beans saying whom an answer is for and who administers the cache
 * ({@link CacheAccessConfiguration}).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class SampleGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleGatewayApplication.class, args);
	}

}
