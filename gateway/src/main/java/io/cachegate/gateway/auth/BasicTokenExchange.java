package io.cachegate.gateway.auth;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.client.WebClient;

import io.cachegate.cache.redis.RedisGuard;
import io.cachegate.gateway.error.PassThroughResponseException;
import io.cachegate.gateway.error.ProblemException;

/**
 * Turns {@code Authorization: Basic} into a bearer token: exchanged once at
 * auth-service's {@code POST /auth/token}, then kept until shortly before it expires, in
 * memory and in Redis, so repeated Basic calls cost no call to auth-service and other
 * gateway instances (sharing the secret) reuse it.
 *
 * <p>
 * Redis key {@code cg:basic:<hex HMAC-SHA256(secret, username ":" password)>}, value the
 * JWT sealed for those credentials ({@link BasicTokenSeal}: useless to whoever reads
 * Redis without the password), TTL {@code exp - now - margin}. The key never contains the
 * password or anything from which it can be recovered without the secret. Redis failing
 * is harmless: the token comes from memory or from auth-service.
 */
class BasicTokenExchange {

	private static final Logger logger = LoggerFactory.getLogger(BasicTokenExchange.class);

	static final String KEY_PREFIX = "cg:basic:";

	private final WebClient webClient;

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final RedisGuard guard;

	private final TokenVerifier verifier;

	private final AuthProperties properties;

	private final Clock clock;

	private final SecretKeySpec secret;

	private final BasicTokenSeal seal;

	/** A hot credential does not even reach Redis. Keyed by the HMAC, like Redis. */
	private final Cache<String, String> local;

	/** Concurrent first requests with the same credentials share one exchange. */
	private final Map<String, Mono<VerifiedToken>> inFlight = new ConcurrentHashMap<>();

	BasicTokenExchange(WebClient webClient, ReactiveRedisTemplate<String, byte[]> redis, RedisGuard guard,
			TokenVerifier verifier, AuthProperties properties, Clock clock) {
		this.webClient = webClient;
		this.redis = redis;
		this.guard = guard;
		this.verifier = verifier;
		this.properties = properties;
		this.clock = clock;
		this.secret = new SecretKeySpec(secretBytes(properties.basicCacheSecret()), "HmacSHA256");
		this.seal = new BasicTokenSeal(this.secret);
		this.local = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(1)).build();
	}

	private static byte[] secretBytes(String configured) {
		if (configured != null && !configured.isBlank()) {
			return configured.getBytes(StandardCharsets.UTF_8);
		}
		logger.warn("CACHEGATE_BASIC_CACHE_SECRET is not set: using a random key, so gateway instances will not share "
				+ "tokens obtained for Basic credentials");
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		return random;
	}

	/**
	 * Who asks, as auth-service should see it: the client's address (so its login limiter
	 * counts per client, not per gateway; auth-service believes it from the proxies named
	 * in {@code CACHEGATE_TRUSTED_PROXIES}) and the request id.
	 */
	record Caller(String address, String requestId) {

		private static final String REQUEST_ID = "X-Request-Id";

		static Caller of(ServerHttpRequest request) {
			InetSocketAddress remote = request.getRemoteAddress();
			String address = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
					: null;
			return new Caller(address, request.getHeaders().getFirst(REQUEST_ID));
		}

	}

	/**
	 * The verified token for the credentials in a Basic header value (the part after
	 * {@code Basic }).
	 */
	Mono<VerifiedToken> authenticate(String encodedCredentials) {
		return authenticate(encodedCredentials, new Caller(null, null));
	}

	/** The same, telling auth-service who the caller is when it has to be asked. */
	Mono<VerifiedToken> authenticate(String encodedCredentials, Caller caller) {
		String credentials;
		try {
			credentials = new String(Base64.getDecoder().decode(encodedCredentials.trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(new InvalidCredentialsException("the Basic credentials are not valid Base64"));
		}
		if (credentials.indexOf(':') < 1) {
			return Mono.error(new InvalidCredentialsException("the Basic credentials are not username:password"));
		}
		String id = hmac(credentials);
		String remembered = local.getIfPresent(id);
		if (remembered != null) {
			return verifier.verify(remembered)
				.filter(this::notAboutToExpire)
				.onErrorResume(InvalidCredentialsException.class, ex -> Mono.empty())
				.switchIfEmpty(Mono.defer(() -> {
					local.invalidate(id);
					return exchangeOnce(id, credentials, encodedCredentials, caller);
				}));
		}
		return guard.call(redis.opsForValue().get(KEY_PREFIX + id))
			.onErrorResume(ex -> Mono.empty())
			.flatMap(stored -> Mono.justOrEmpty(seal.unseal(credentials, stored)))
			.flatMap(stored -> verifier.verify(stored)
				.onErrorResume(InvalidCredentialsException.class, ex -> Mono.empty()))
			.filter(this::notAboutToExpire)
			.doOnNext(token -> local.put(id, token.token()))
			.switchIfEmpty(Mono.defer(() -> exchangeOnce(id, credentials, encodedCredentials, caller)));
	}

	/**
	 * The token already obtained in this instance for these credentials (the part after
	 * {@code Basic }), if it is still valid; null otherwise, without asking Redis or
	 * auth-service.
	 */
	VerifiedToken known(String encodedCredentials) {
		String credentials;
		try {
			credentials = new String(Base64.getDecoder().decode(encodedCredentials.trim()), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		String remembered = credentials.indexOf(':') < 1 ? null : local.getIfPresent(hmac(credentials));
		VerifiedToken token = remembered != null ? verifier.known(remembered) : null;
		return token != null && notAboutToExpire(token) ? token : null;
	}

	private boolean notAboutToExpire(VerifiedToken token) {
		return token.expiresAt().minus(properties.basicTokenMargin()).isAfter(clock.instant());
	}

	private Mono<VerifiedToken> exchangeOnce(String id, String credentials, String encodedCredentials, Caller caller) {
		return inFlight.computeIfAbsent(id,
				key -> exchange(id, credentials, encodedCredentials, caller).doFinally(signal -> inFlight.remove(key))
					.cache());
	}

	private Mono<VerifiedToken> exchange(String id, String credentials, String encodedCredentials, Caller caller) {
		return webClient.post()
			.uri(properties.tokenUrl())
			.header(HttpHeaders.AUTHORIZATION, "Basic " + encodedCredentials)
			.headers(headers -> {
				if (caller.address() != null) {
					headers.set("X-Forwarded-For", caller.address());
				}
				if (caller.requestId() != null) {
					headers.set(Caller.REQUEST_ID, caller.requestId());
				}
			})
			.accept(MediaType.APPLICATION_JSON)
			.exchangeToMono(response -> {
				if (response.statusCode().is2xxSuccessful()) {
					return response.bodyToMono(JsonNode.class);
				}
				if (response.statusCode().value() == 401 || response.statusCode().value() == 400) {
					return response.releaseBody()
						.then(Mono.error(new InvalidCredentialsException("the username or password is wrong")));
				}
				// 429 and the like are auth-service's word to the client: passed through
				// as they are.
				return response.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.flatMap(body -> Mono.error(new PassThroughResponseException(response.statusCode(),
							response.headers().asHttpHeaders(), body)));
			})
			.timeout(properties.tokenTimeout())
			.onErrorMap(
					ex -> !(ex instanceof InvalidCredentialsException) && !(ex instanceof PassThroughResponseException),
					ex -> unavailable(ex))
			.flatMap(body -> {
				String token = body.path("access_token").asString("");
				if (token.isEmpty()) {
					return Mono.error(unavailable(new IllegalStateException("no access_token in the answer")));
				}
				return verifier.verify(token);
			})
			.flatMap(token -> remember(id, credentials, token).thenReturn(token));
	}

	private Mono<Void> remember(String id, String credentials, VerifiedToken token) {
		Duration ttl = Duration.between(clock.instant(), token.expiresAt()).minus(properties.basicTokenMargin());
		if (ttl.toMillis() <= 0) {
			return Mono.empty();
		}
		local.put(id, token.token());
		return guard.call(redis.opsForValue().set(KEY_PREFIX + id, seal.seal(credentials, token.token()), ttl))
			.onErrorResume(ex -> Mono.just(false))
			.then();
	}

	private ProblemException unavailable(Throwable cause) {
		logger.warn("Basic credentials could not be exchanged at {}: {}", properties.tokenUrl(), cause.toString());
		boolean timeout = cause instanceof TimeoutException;
		return new ProblemException(timeout ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY,
				"authentication-unavailable", "Authentication Unavailable",
				"Basic credentials could not be exchanged for a token because auth-service did not answer properly; "
						+ "try again later or use a bearer token.",
				HttpHeaders.EMPTY);
	}

	String hmac(String credentials) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(secret);
			return HexFormat.of().formatHex(mac.doFinal(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
		}
	}

}
