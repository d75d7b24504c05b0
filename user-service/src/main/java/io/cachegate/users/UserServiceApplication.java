package io.cachegate.users;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The user-service: client (user) records behind the Cachegate gateway. CRUD and prefix
 * search over {@code /users}, every request authenticated by a JWT from auth-service,
 * every response following the gateway's cache contract ({@code ETag}, {@code Cache-Tag},
 * {@code Cachegate-Cache-Control}).
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class UserServiceApplication {

	/**
	 * The clock every time-dependent rule reads (birth dates, token expiry), so tests can
	 * control time.
	 * @return the system clock in UTC
	 */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	public static void main(String[] args) {
		SpringApplication.run(UserServiceApplication.class, args);
	}

}
