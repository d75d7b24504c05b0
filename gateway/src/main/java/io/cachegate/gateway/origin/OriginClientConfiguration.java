package io.cachegate.gateway.origin;

import reactor.netty.NettyPipeline;

import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The client the gateway's routes call origins with (Spring Cloud Gateway's): every
 * connection gets an {@link OriginConnectionGuard} right after its HTTP codec, and its
 * watch on the raw bytes right before it.
 */
@Configuration(proxyBeanMethods = false)
class OriginClientConfiguration {

	@Bean
	HttpClientCustomizer originConnectionGuard() {
		return client -> client.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				OriginConnectionGuard guard = new OriginConnectionGuard();
				channel.pipeline()
					.addBefore(NettyPipeline.HttpCodec, OriginConnectionGuard.BEFORE_CODEC_NAME, guard.beforeCodec())
					.addAfter(NettyPipeline.HttpCodec, OriginConnectionGuard.NAME, guard);
			}
		});
	}

}
