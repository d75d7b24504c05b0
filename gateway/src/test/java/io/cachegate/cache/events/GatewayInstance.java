package io.cachegate.cache.events;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

import io.cachegate.gateway.GatewayApplication;

/**
 * One whole gateway (its own Spring context, port, Redis connections, near cache and
 * change-stream follower) in this JVM, as a second process would be; several of them
 * share Redis like several gateways in production.
 */
final class GatewayInstance implements AutoCloseable {

	/**
	 * Reactor Netty's client, one connection pool for all instances; answers as plain
	 * values.
	 */
	private static final HttpClient HTTP = HttpClient.create().responseTimeout(Duration.ofSeconds(15));

	/** An answer: status, headers, body. */
	record Response(int status, HttpHeaders headers, String body) {

		Optional<String> header(String name) {
			return Optional.ofNullable(headers.get(name));
		}

	}

	private final ConfigurableApplicationContext context;

	private final int port;

	private GatewayInstance(ConfigurableApplicationContext context) {
		this.context = context;
		this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * Starts a gateway with these settings (environment variable names), on a free port.
	 */
	static GatewayInstance start(Map<String, String> settings) {
		List<String> args = new ArrayList<>();
		args.add("--server.port=0");
		// Busy shared machine: the production 100 ms would make the cache bypass itself
		// at random here.
		if (!settings.containsKey("CACHEGATE_REDIS_TIMEOUT")) {
			args.add("--CACHEGATE_REDIS_TIMEOUT=2s");
		}
		args.add("--CACHEGATE_BASIC_CACHE_SECRET=test-secret");
		settings.forEach((name, value) -> args.add("--" + name + "=" + value));
		return new GatewayInstance(new SpringApplicationBuilder(GatewayApplication.class, OwnNettyResources.class)
			.run(args.toArray(String[]::new)));
	}

	/**
	 * Netty loops of this instance's own. With the default global ones, closing one
	 * instance (a restart test) would shut down every other server in the JVM: the other
	 * instances and the test origins.
	 */
	@Configuration(proxyBeanMethods = false)
	static class OwnNettyResources {

		@Bean
		ReactorResourceFactory reactorResourceFactory() {
			ReactorResourceFactory factory = new ReactorResourceFactory();
			factory.setUseGlobalResources(false);
			return factory;
		}

	}

	<T> T bean(Class<T> type) {
		return context.getBean(type);
	}

	int port() {
		return port;
	}

	/** A GET through this gateway. */
	Response get(String path, String authorization) {
		return exchange(HTTP.headers(headers -> headers.set("Authorization", authorization)).get().uri(url(path)));
	}

	/** A PUT of a JSON body through this gateway. */
	Response put(String path, String authorization, String json) {
		return exchange(withJson(authorization).put().uri(url(path)).send(ByteBufFlux.fromString(Mono.just(json))));
	}

	/** A POST of a JSON body through this gateway. */
	Response post(String path, String authorization, String json) {
		return exchange(withJson(authorization).post().uri(url(path)).send(ByteBufFlux.fromString(Mono.just(json))));
	}

	/** A DELETE through this gateway. */
	Response delete(String path, String authorization) {
		return exchange(HTTP.headers(headers -> headers.set("Authorization", authorization)).delete().uri(url(path)));
	}

	private static HttpClient withJson(String authorization) {
		return HTTP
			.headers(headers -> headers.set("Authorization", authorization).set("Content-Type", "application/json"));
	}

	private String url(String path) {
		return "http://127.0.0.1:" + port + path;
	}

	private static Response exchange(HttpClient.ResponseReceiver<?> request) {
		return request
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map(text -> new Response(response.status().code(), response.responseHeaders(), text)))
			.block(Duration.ofSeconds(20));
	}

	@Override
	public void close() {
		context.close();
	}

}
