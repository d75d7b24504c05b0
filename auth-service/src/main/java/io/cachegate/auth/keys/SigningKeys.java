package io.cachegate.auth.keys;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's RSA keys in configured order: all are published in the JWKS, the last one
 * (the newest) signs. To rotate, append a new key, wait for every instance to run with
 * it, and drop the old key once the tokens it signed have expired and verifiers have
 * refreshed their JWKS.
 */
public final class SigningKeys {

	private final List<SigningKey> keys;

	private final Map<String, SigningKey> byKid;

	SigningKeys(List<SigningKey> keys) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("At least one signing key is needed");
		}
		Map<String, SigningKey> unique = new LinkedHashMap<>();
		// A key listed twice keeps its last position, so "the last key signs" holds for
		// duplicates too.
		keys.forEach((key) -> {
			unique.remove(key.kid());
			unique.put(key.kid(), key);
		});
		this.keys = List.copyOf(unique.values());
		this.byKid = Map.copyOf(unique);
	}

	/** The key that signs new tokens: the last configured. */
	public SigningKey current() {
		return this.keys.get(this.keys.size() - 1);
	}

	/** Every published key, in configured order. */
	public List<SigningKey> all() {
		return this.keys;
	}

	/**
	 * @param kid a key id from a token header
	 * @return the key with that id, if published
	 */
	public Optional<SigningKey> find(String kid) {
		return Optional.ofNullable((kid != null) ? this.byKid.get(kid) : null);
	}

	/** The RFC 7517 JWK set of the public keys. */
	public Map<String, Object> toJwkSet() {
		return Map.of("keys", this.keys.stream().map(SigningKey::toPublicJwk).toList());
	}

}
