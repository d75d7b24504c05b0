package io.cachegate.gateway;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The Cachegate gateway: authenticates every request, answers reads from Redis when it
 * can and keeps the cache true on writes. The request path, in order:
 * {@code observability} (request id), {@code auth} (strip internal headers,
 * authenticate), then the route's filters with {@code cache} before the origin call.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

	/**
	 * Time, injected wherever it matters (token expiry, entry age) so tests can control
	 * it.
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
