package io.cachegate.cache;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar carries the configuration metadata IDEs complete {@code cachegate.*} from:
 * generated from the properties records, plus the switch for the whole library.
 */
class ConfigurationMetadataTests {

	@Test
	void everySettingGroupIsDescribed() throws IOException {
		List<String> names = new ArrayList<>();
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata on the classpath").isNotNull();
			JsonNode properties = JsonMapper.builder().build().readTree(in).get("properties");
			properties.forEach(property -> names.add(property.get("name").asString()));
		}
		assertThat(names).contains("cachegate.cache.enabled", "cachegate.cache.routes", "cachegate.cache.tag-retention",
				"cachegate.cache.near.ttl", "cachegate.cache.fast-path.enabled", "cachegate.cache.stampede.lease-time",
				"cachegate.events.enabled", "cachegate.redis.timeout");
	}

}
