package io.cachegate.cache.redis;

import java.time.Duration;

import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import io.cachegate.gateway.GatewayIntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's Lettuce client as the running application has it: no per-command tracing
 * or latency bookkeeping while Lettuce's observations are off (the default), and the
 * cache's lookups on their own connections once a read has been looked up.
 */
class RedisClientIntegrationTests extends GatewayIntegrationTestSupport {

	@Autowired
	ClientResources resources;

	@Autowired
	DirectScripts direct;

	@Test
	void commandsCarryNoTracingOrLatencyBookkeeping() {
		assertThat(resources.tracing().isEnabled()).isFalse();
		assertThat(resources.commandLatencyRecorder().isEnabled()).isFalse();
	}

	@Test
	void lookupsUseTheirOwnConnections() {
		long id = USERS.create("direct");
		client().get().uri("/users/" + id).header("Authorization", bearer("USER")).exchange().expectStatus().isOk();

		// Opened at start-up, or on the first lookup after the context was restarted.
		await().atMost(Duration.ofSeconds(10)).until(direct::ready);
		client().get()
			.uri("/users/" + id)
			.header("Authorization", bearer("USER"))
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
	}

}
