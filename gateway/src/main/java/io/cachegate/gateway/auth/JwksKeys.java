package io.cachegate.gateway.auth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * auth-service's public signing keys, by {@code kid}. Fetched on first need and kept;
 * fetched again only when a token names a {@code kid} we do not know (a key rotation), at
 * most once per {@link AuthProperties#jwksRefreshMinInterval()} so that tokens with
 * invented kids cannot turn the gateway into a load generator against auth-service.
 * Concurrent needs share one fetch. Fetches are non-blocking, with a timeout.
 */
class JwksKeys {

	private static final Logger logger = LoggerFactory.getLogger(JwksKeys.class);

	/**
	 * After a failed fetch (auth-service not up yet), try again soon rather than after
	 * the full interval.
	 */
	private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

	private final WebClient webClient;

	private final JsonMapper json;

	private final AuthProperties properties;

	private final Clock clock;

	private final AtomicReference<Map<String, PublicKey>> keys = new AtomicReference<>(Map.of());

	private final AtomicReference<Mono<Map<String, PublicKey>>> inFlight = new AtomicReference<>();

	private volatile Instant nextFetchAllowed = Instant.MIN;

	JwksKeys(WebClient webClient, JsonMapper json, AuthProperties properties, Clock clock) {
		this.webClient = webClient;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	/** The key for a {@code kid}, or null; never fetches. */
	PublicKey find(String kid) {
		return keys.get().get(kid);
	}

	/**
	 * Completes once the kid is known, or once a fetch allowed now has been tried; never
	 * fails.
	 */
	Mono<Void> ensureKnown(String kid) {
		if (keys.get().containsKey(kid)) {
			return Mono.empty();
		}
		return refresh().then();
	}

	private Mono<Map<String, PublicKey>> refresh() {
		Mono<Map<String, PublicKey>> running = inFlight.get();
		if (running != null) {
			return running;
		}
		if (clock.instant().isBefore(nextFetchAllowed)) {
			return Mono.empty();
		}
		Mono<Map<String, PublicKey>> fetch = fetch().doOnNext(fetched -> {
			keys.set(fetched);
			nextFetchAllowed = clock.instant().plus(properties.jwksRefreshMinInterval());
			logger.info("Loaded {} signing key(s) from {}", fetched.size(), properties.jwksUrl());
		}).onErrorResume(ex -> {
			nextFetchAllowed = clock.instant().plus(RETRY_AFTER_FAILURE);
			logger.warn("Could not load signing keys from {}: {}", properties.jwksUrl(), ex.toString());
			return Mono.empty();
		}).doFinally(signal -> inFlight.set(null)).cache();
		if (inFlight.compareAndSet(null, fetch)) {
			return fetch;
		}
		Mono<Map<String, PublicKey>> other = inFlight.get();
		return other != null ? other : Mono.empty();
	}

	private Mono<Map<String, PublicKey>> fetch() {
		return webClient.get()
			.uri(properties.jwksUrl())
			.retrieve()
			.bodyToMono(String.class)
			.timeout(properties.jwksTimeout())
			.map(this::parse);
	}

	/** Reads the RSA signing keys of an RFC 7517 key set; other keys are ignored. */
	Map<String, PublicKey> parse(String jwks) {
		JsonNode root = json.readTree(jwks);
		Map<String, PublicKey> parsed = new HashMap<>();
		for (JsonNode key : root.path("keys")) {
			String kid = key.path("kid").asString(null);
			boolean rsa = "RSA".equals(key.path("kty").asString(null));
			boolean signing = key.path("use").isMissingNode() || "sig".equals(key.path("use").asString(null));
			boolean algorithmFits = key.path("alg").isMissingNode()
					|| properties.algorithm().equals(key.path("alg").asString(null));
			if (kid == null || !rsa || !signing || !algorithmFits) {
				continue;
			}
			try {
				BigInteger modulus = new BigInteger(1, Base64.getUrlDecoder().decode(key.path("n").asString("")));
				BigInteger exponent = new BigInteger(1, Base64.getUrlDecoder().decode(key.path("e").asString("")));
				parsed.put(kid, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)));
			}
			catch (GeneralSecurityException | IllegalArgumentException ex) {
				logger.warn("Ignoring unreadable key {} in the key set: {}", kid, ex.toString());
			}
		}
		return Map.copyOf(parsed);
	}

}
