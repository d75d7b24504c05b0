package io.cachegate.gateway.origin;

import reactor.netty.NettyPipeline;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The client the gateway's routes call origins with (Spring Cloud Gateway's): every
 * connection gets an {@link OriginConnectionGuard} right after its HTTP codec.
 */
@Configuration(proxyBeanMethods = false)
class OriginClientConfiguration {

	@Bean
	HttpClientCustomizer originConnectionGuard() {
		return client -> client.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline()
					.addAfter(NettyPipeline.HttpCodec, OriginConnectionGuard.NAME, new OriginConnectionGuard());
			}
		});
	}

}
