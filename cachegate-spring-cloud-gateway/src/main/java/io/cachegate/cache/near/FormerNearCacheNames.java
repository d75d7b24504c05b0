package io.cachegate.cache.near;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;

/**
 * The near cache's settings were once {@code cachegate.l1.*} ({@code CACHEGATE_L1_*}).
 * Those names still apply (the gateway's {@code application.yml} falls back to them), and
 * each one in use is named in a warning at start, with its new name.
 */
public final class FormerNearCacheNames {

	private static final Logger logger = LoggerFactory.getLogger(FormerNearCacheNames.class);

	private static final List<String> SETTINGS = List.of("enabled", "max-bytes", "ttl", "commit-wait");

	private FormerNearCacheNames() {
	}

	/** The former names set in {@code environment}, as {@code cachegate.l1.<setting>}. */
	public static List<String> inUse(Environment environment) {
		return SETTINGS.stream()
			.map(setting -> "cachegate.l1." + setting)
			.filter(name -> environment.containsProperty(name) || environment.containsProperty(environmentName(name)))
			.toList();
	}

	/** Logs a deprecation warning for each former name in use. */
	public static void warnIfUsed(Environment environment) {
		for (String name : inUse(environment)) {
			String setting = name.substring("cachegate.l1.".length());
			logger.warn("{} (or {}) is deprecated: use cachegate.cache.near.{} ({})", name, environmentName(name),
					setting, environmentName("cachegate.cache.near." + setting));
		}
	}

	private static String environmentName(String property) {
		return property.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
	}

}
