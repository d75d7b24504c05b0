package io.cachegate.users.support;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;

/**
 * A stand-in for auth-service in tests: an RSA key whose JWKS is served over real HTTP
 * (the JDK's small server on a free port), and tokens signed with it the way auth-service
 * signs them (jjwt, RS256, {@code kid}). A second key that is never published signs the
 * "unknown key" tokens.
 */
public final class TestTokens {

	public static final String ISSUER = "cachegate-auth";

	public static final String AUDIENCE = "cachegate";

	/** The published keys, oldest first; the newest signs, as in auth-service. */
	private final List<SigningKey> published = new CopyOnWriteArrayList<>(List.of(SigningKey.generate()));

	private final KeyPair unpublished = rsaKey();

	private final AtomicInteger jwksRequests = new AtomicInteger();

	private final HttpServer server;

	private TestTokens() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/auth/jwks", (exchange) -> {
			this.jwksRequests.incrementAndGet();
			byte[] jwks = jwksJson().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, jwks.length);
			try (OutputStream body = exchange.getResponseBody()) {
				body.write(jwks);
			}
		});
		this.server.start();
	}

	/**
	 * Generates the keys and starts serving the key set.
	 * @return the running token source
	 */
	public static TestTokens start() {
		try {
			return new TestTokens();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the JWKS server", ex);
		}
	}

	public String jwksUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/auth/jwks";
	}

	public int jwksRequests() {
		return this.jwksRequests.get();
	}

	/**
	 * Publishes a new key, which signs every token from now on (key rotation); the old
	 * ones stay published.
	 * @return the new key's id
	 */
	public String rotate() {
		SigningKey key = SigningKey.generate();
		this.published.add(key);
		return key.kid();
	}

	/** A valid token for the role, as auth-service would issue it. */
	public String token(String role) {
		return sign(claims(role));
	}

	/** A token that expired an hour ago (well beyond any clock skew). */
	public String expiredToken(String role) {
		Instant past = Instant.now().minus(Duration.ofHours(1));
		return sign(claims(role, ISSUER, AUDIENCE, past.minus(Duration.ofMinutes(15)), past));
	}

	/** A token without {@code exp}. */
	public String tokenWithoutExpiry(String role) {
		return sign(claims(role, ISSUER, AUDIENCE, Instant.now(), null));
	}

	/** A token for another audience. */
	public String tokenForAudience(String role, String audience) {
		return sign(claims(role, ISSUER, audience, Instant.now(), Instant.now().plus(Duration.ofMinutes(15))));
	}

	/** A token from another issuer. */
	public String tokenFromIssuer(String role, String issuer) {
		return sign(claims(role, issuer, AUDIENCE, Instant.now(), Instant.now().plus(Duration.ofMinutes(15))));
	}

	private String sign(JwtBuilder builder) {
		return builder.signWith(signing().pair().getPrivate(), Jwts.SIG.RS256).compact();
	}

	/**
	 * A well-formed token signed by a key the JWKS does not contain (same {@code kid},
	 * other key).
	 */
	public String tokenFromUnknownKey(String role) {
		return claims(role).signWith(this.unpublished.getPrivate(), Jwts.SIG.RS256).compact();
	}

	/**
	 * A token signed with the published key but RS384, an algorithm the service does not
	 * accept.
	 */
	public String tokenWithRs384(String role) {
		return claims(role).signWith(signing().pair().getPrivate(), Jwts.SIG.RS384).compact();
	}

	/** A token MACed with HS256 (as in the classic algorithm-confusion attack). */
	public String tokenWithHs256(String role) {
		return claims(role).signWith(Jwts.SIG.HS256.key().build(), Jwts.SIG.HS256).compact();
	}

	/** An unsigned token ({@code alg: none}) with otherwise valid claims. */
	public String unsignedToken(String role) {
		String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + signing().kid() + "\"}");
		String payload = base64Url(payloadJson(role));
		return header + "." + payload + ".";
	}

	/**
	 * A valid token whose payload was then changed (role raised to ADMIN) while keeping
	 * the signature.
	 * @param role the role the signature was made for
	 * @return the tampered token
	 */
	public String tamperedToken(String role) {
		String[] parts = token(role).split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String forged = payload.replace("\"role\":\"" + role + "\"", "\"role\":\"ADMIN\"");
		if (forged.equals(payload)) {
			throw new IllegalStateException("role claim not found in " + payload);
		}
		return parts[0] + "." + base64Url(forged) + "." + parts[2];
	}

	private JwtBuilder claims(String role) {
		Instant now = Instant.now();
		return claims(role, ISSUER, AUDIENCE, now, now.plus(Duration.ofMinutes(15)));
	}

	private JwtBuilder claims(String role, String issuer, String audience, Instant issuedAt, Instant expiresAt) {
		JwtBuilder builder = Jwts.builder()
			.header()
			.keyId(signing().kid())
			.and()
			.issuer(issuer)
			.audience()
			.add(audience)
			.and()
			.subject("42")
			.claim("preferred_username", role.toLowerCase(Locale.ROOT) + "-tester")
			.claim("role", role)
			.issuedAt(Date.from(issuedAt))
			.id(UUID.randomUUID().toString());
		return (expiresAt != null) ? builder.expiration(Date.from(expiresAt)) : builder;
	}

	private String payloadJson(String role) {
		long now = Instant.now().getEpochSecond();
		return "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"42\",\"role\":\"" + role
				+ "\",\"iat\":" + now + ",\"exp\":" + (now + 900) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
	}

	private SigningKey signing() {
		return this.published.get(this.published.size() - 1);
	}

	private String jwksJson() {
		return this.published.stream().map((key) -> {
			RSAPublicKey publicKey = (RSAPublicKey) key.pair().getPublic();
			return "{\"kty\":\"RSA\",\"kid\":\"" + key.kid() + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
					+ base64Url(publicKey.getModulus()) + "\",\"e\":\"" + base64Url(publicKey.getPublicExponent())
					+ "\"}";
		}).collect(Collectors.joining(",", "{\"keys\":[", "]}"));
	}

	private static String base64Url(String text) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	/** RFC 7518: unsigned big-endian, no leading zero byte. */
	private static String base64Url(BigInteger value) {
		byte[] bytes = value.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
		}
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static KeyPair rsaKey() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record SigningKey(String kid, KeyPair pair) {

		static SigningKey generate() {
			return new SigningKey("test-" + UUID.randomUUID(), rsaKey());
		}

	}

}
