package io.cachegate.cache.store;

import java.time.Clock;
import java.time.Duration;

/**
 * How long Redis keeps an entry: what is left of its lifetime (it may have arrived
 * already old), at most {@code tag-retention} (a tag's mark must outlive every entry it
 * can kill), at least a millisecond (Redis takes no shorter TTL; an entry this close to
 * its end is as good as gone).
 */
record EntryTtl(Duration tagRetention, Clock clock) {

	private static final Duration MIN_TTL = Duration.ofMillis(1);

	Duration of(CacheEntry entry) {
		Duration lifetime = entry.lifetime().minus(entry.age(clock.instant()));
		if (lifetime.compareTo(MIN_TTL) < 0) {
			return MIN_TTL;
		}
		return lifetime.compareTo(tagRetention) > 0 ? tagRetention : lifetime;
	}

}
