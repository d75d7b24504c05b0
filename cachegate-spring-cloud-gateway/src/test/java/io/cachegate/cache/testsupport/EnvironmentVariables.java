package io.cachegate.cache.testsupport;

import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds configuration properties from environment variables only (the machine's own are
 * left out), the way an operator sets them.
 */
public final class EnvironmentVariables {

	private EnvironmentVariables() {
	}

	/**
	 * @param variables the environment, for example
	 * {@code CACHEGATE_CACHE_STAMPEDE_TTL_JITTER=10}
	 * @param prefix the properties' prefix, for example {@code cachegate.cache.stampede}
	 * @return the properties bound, or made with their defaults
	 */
	public static <T> T bind(Map<String, Object> variables, String prefix, Class<T> type) {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.addFirst(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
		return new Binder(ConfigurationPropertySources.get(environment)).bindOrCreate(prefix, type);
	}

}
