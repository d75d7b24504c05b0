package io.cachegate.gateway.auth;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.cachegate.cache.redis.RedisGuard;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

/** Wires authentication: key set, verifier, Basic exchange and the two web filters. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

	/**
	 * Calls to auth-service (keys, Basic exchange): short connect timeout; each call adds
	 * its own timeout.
	 */
	@Bean
	WebClient authServiceClient() {
		HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000);
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	@Bean
	JwksKeys jwksKeys(WebClient authServiceClient, JsonMapper json, AuthProperties properties, Clock clock) {
		return new JwksKeys(authServiceClient, json, properties, clock);
	}

	@Bean
	TokenVerifier tokenVerifier(JwksKeys keys, JsonMapper json, AuthProperties properties, Clock clock) {
		return new TokenVerifier(keys, json, properties, clock);
	}

	@Bean
	BasicTokenExchange basicTokenExchange(WebClient authServiceClient, ReactiveRedisTemplate<String, byte[]> redis,
			RedisGuard guard, TokenVerifier verifier, AuthProperties properties, Clock clock) {
		return new BasicTokenExchange(authServiceClient, redis, guard, verifier, properties, clock);
	}

	@Bean
	InternalHeadersWebFilter internalHeadersWebFilter(AuthProperties properties) {
		return new InternalHeadersWebFilter(properties);
	}

	@Bean
	AuthenticationWebFilter authenticationWebFilter(TokenVerifier verifier, BasicTokenExchange basic,
			AuthProperties properties) {
		return new AuthenticationWebFilter(verifier, basic, properties);
	}

	@Bean
	KnownCallers knownCallers(TokenVerifier verifier, BasicTokenExchange basic, AuthenticationWebFilter filter,
			AuthProperties properties, Clock clock) {
		return new KnownCallers(verifier, basic, filter, properties, clock);
	}

	@Bean
	ActuatorAccessWebFilter actuatorAccessWebFilter() {
		return new ActuatorAccessWebFilter();
	}

}
