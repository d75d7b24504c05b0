package io.cachegate.auth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.cachegate.auth.keys.SigningKey;
import io.cachegate.stack.test.StackTestProperties;

/**
 * The one Spring context of the integration tests: the whole application on a random
 * port, against a fresh PostgreSQL database and Redis logical database 1 (this module's).
 * Subclasses share it, so the suite starts the application once.
 *
 * <p>
 * The client address is taken from {@code X-Forwarded-For} here, and every test class
 * instance gets its own random address, so the per-address login limit of one test does
 * not spill into another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTestSupport {

	public static final String ADMIN_USERNAME = "admin";

	public static final String ADMIN_PASSWORD = "integration-admin-password";

	public static final String ISSUER = "cachegate-auth";

	public static final String AUDIENCE = "cachegate";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	protected int port;

	@Autowired
	protected DatabaseClient database;

	protected WebTestClient client;

	protected String clientAddress;

	@DynamicPropertySource
	static void stack(DynamicPropertyRegistry registry) {
		StackTestProperties.register(registry, "auth", 1);
		registerAccountsAndKeys(registry);
		registry.add("CACHEGATE_TRUSTED_PROXIES", () -> "127.0.0.1,::1");
	}

	/**
	 * The settings every application context of the tests runs with, whatever its
	 * servers: the test signing keys, the admin account, and a BCrypt strength that keeps
	 * logins fast.
	 */
	public static void registerAccountsAndKeys(DynamicPropertyRegistry registry) {
		registry.add("CACHEGATE_JWT_KEYS", TestKeys::envPem);
		registry.add("CACHEGATE_JWT_KEY_FILE", TestKeys::keyFile);
		registry.add("CACHEGATE_ADMIN_USERNAME", () -> ADMIN_USERNAME);
		registry.add("CACHEGATE_ADMIN_PASSWORD", () -> ADMIN_PASSWORD);
		registry.add("CACHEGATE_BCRYPT_STRENGTH", () -> "4");
	}

	@BeforeEach
	void client() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		this.clientAddress = "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
		this.client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.port)
			.responseTimeout(Duration.ofSeconds(10))
			.defaultHeader("X-Forwarded-For", this.clientAddress)
			.build();
	}

	/** A username no other test uses. */
	protected static String uniqueName(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A login by JSON from this test's client address, whatever its outcome. */
	protected WebTestClient.ResponseSpec loginByJson(String username, String password) {
		return this.client.post()
			.uri("/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password))
			.exchange();
	}

	/**
	 * Logs in by JSON and answers the access token; fails the test if that does not work.
	 */
	protected String token(String username, String password) {
		Map<?, ?> body = this.client.post()
			.uri("/auth/token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "password", password))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) body.get("access_token");
	}

	protected String adminToken() {
		return token(ADMIN_USERNAME, ADMIN_PASSWORD);
	}

	/** Creates an account through the API, as the admin. */
	protected void createAccount(String username, String password, String role) {
		this.client.post()
			.uri("/auth/accounts")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("username", username, "email", username + "@example.com", "password", password, "role",
					role))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	/** A new account of that role and a token for it. */
	protected String tokenForNewAccount(String role) {
		String username = uniqueName(role.toLowerCase());
		String password = "password-of-" + username;
		createAccount(username, password, role);
		return token(username, password);
	}

	/** The kid the service gives a key (its RFC 7638 thumbprint). */
	protected static String kid(KeyPair pair) {
		return SigningKey.of((RSAPrivateCrtKey) pair.getPrivate()).kid();
	}

	/**
	 * A token shaped like the service's, signed here with {@code key}; {@code customizer}
	 * changes it (expired, other audience, ...).
	 */
	protected static String signedToken(KeyPair key, String subject, String role,
			UnaryOperator<JwtBuilder> customizer) {
		Instant now = Instant.now();
		JwtBuilder builder = Jwts.builder()
			.header()
			.keyId(kid(key))
			.and()
			.issuer(ISSUER)
			.audience()
			.single(AUDIENCE)
			.subject(subject)
			.claim("preferred_username", "forged")
			.claim("role", role)
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plusSeconds(600)))
			.id(UUID.randomUUID().toString());
		return customizer.apply(builder).signWith(key.getPrivate(), Jwts.SIG.RS256).compact();
	}

	protected static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
	}

	protected static String decodeBase64Url(String part) {
		return new String(Base64.getUrlDecoder().decode(part));
	}

	/** The header of a compact JWT, parsed. */
	@SuppressWarnings("unchecked")
	protected static Map<String, Object> tokenHeader(String token) {
		return JSON.readValue(decodeBase64Url(token.split("\\.")[0]), Map.class);
	}

	/** The JWKS as the service publishes it. */
	protected List<Map<String, Object>> publishedJwks() {
		Map<String, Object> jwks = this.client.get()
			.uri("/auth/jwks")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> keys = new ArrayList<>();
		((List<?>) jwks.get("keys")).forEach((key) -> keys.add(asMap(key)));
		return keys;
	}

	/** The key with that kid, rebuilt from nothing but the n and e the JWKS publishes. */
	protected PublicKey publishedKey(String kid) {
		Map<String, Object> jwk = publishedJwks().stream()
			.filter((candidate) -> kid.equals(candidate.get("kid")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No published key " + kid));
		try {
			BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("n")));
			BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("e")));
			return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object value) {
		return (Map<String, Object>) value;
	}

}
