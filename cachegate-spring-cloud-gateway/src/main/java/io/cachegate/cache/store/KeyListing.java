package io.cachegate.cache.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.data.redis.connection.ReactiveRedisClusterConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.cachegate.cache.store.CacheAdministration.KeyPage;
import io.cachegate.cache.store.CacheAdministration.KeySummary;

import static io.cachegate.cache.store.ScriptValues.bytes;
import static io.cachegate.cache.store.ScriptValues.text;

/**
 * The admin API's key listing: {@code SCAN} one step per page (never {@code KEYS}) over
 * {@code cg:{<route>}:e:*}, through a script that also reads each key's readable material
 * and TTL. On a Redis Cluster the listing walks the masters one after the other
 * ({@link NodeCursor}).
 */
final class KeyListing {

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final RedisScript<List> scanScript;

	private final Duration timeout;

	KeyListing(ReactiveRedisTemplate<String, byte[]> redis, RedisScript<List> scanScript, Duration timeout) {
		this.redis = redis;
		this.scanScript = scanScript;
		this.timeout = timeout;
	}

	/** See {@link CacheAdministration#keys}. */
	Mono<KeyPage> page(String route, String cursor, int count, Pattern material) {
		// A route's buckets are cg:{<route>} or cg:{<route>:<k>}; keys of a route whose
		// id merely starts with this one are left out below.
		String match = "cg:{" + (route == null ? "" : route) + "*}:e:*";
		return masters().flatMap(masters -> {
			NodeCursor at = NodeCursor.parse(cursor, masters.size());
			List<byte[]> args = List.of(bytes(at.cursor()), bytes(match), bytes(Integer.toString(count)));
			// On a cluster the script is sent with a key of the master to scan, so it
			// runs there; it reads only keys of that node.
			List<String> keys = masters.isEmpty() ? List.of() : List.of(masters.get(at.node()));
			return redis.execute(scanScript, keys, args).next().timeout(timeout).map(result -> {
				List<KeySummary> found = new ArrayList<>();
				for (int i = 1; i + 2 < result.size(); i += 3) {
					String key = text(result.get(i));
					String readable = text(result.get(i + 1));
					String keyRoute = RedisKeys.routeOf(key);
					if ((route == null || route.equals(keyRoute))
							&& (material == null || material.matcher(readable).matches())) {
						found.add(new KeySummary(key, keyRoute, readable, Long.parseLong(text(result.get(i + 2)))));
					}
				}
				return new KeyPage(at.next(text(result.get(0)), masters.size()), found);
			});
		});
	}

	/**
	 * On a Redis Cluster, one key served by each master, the masters in the order of
	 * their slots (a listing walks them one after the other); empty on a single Redis.
	 */
	private Mono<List<String>> masters() {
		if (!(redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce) || !lettuce.isClusterAware()) {
			return Mono.just(List.of());
		}
		// On a cluster the factory's reactive connection is a cluster connection.
		return Mono.usingWhen(Mono.fromSupplier(() -> (ReactiveRedisClusterConnection) lettuce.getReactiveConnection()),
				connection -> connection.clusterGetNodes()
					.filter(node -> node.isMaster() && !node.getSlotRange().getSlots().isEmpty())
					.map(node -> node.getSlotRange().getSlots())
					.sort(Comparator.comparing(Collections::min))
					.map(KeyListing::keyServedFrom)
					.collectList(),
				connection -> connection.closeLater())
			.timeout(timeout);
	}

	/** A key whose slot is one of {@code slots}. */
	static String keyServedFrom(Collection<Integer> slots) {
		for (int k = 0;; k++) {
			String key = "cg:admin:" + k;
			if (slots.contains(RedisKeys.slot(key))) {
				return key;
			}
		}
	}

}
