package io.cachegate.auth.token;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;

/**
 * A username and password as presented to the token endpoint.
 *
 * @param username as typed
 * @param password as typed
 */
record Credentials(String username, String password) {

	/** Longer usernames cannot exist, and this bounds the rate limiter's Redis keys. */
	static final int MAX_USERNAME_LENGTH = 64;

	/**
	 * Nobody's password is this long (BCrypt reads 72 bytes); refusing early bounds the
	 * work.
	 */
	static final int MAX_PASSWORD_LENGTH = 1024;

	@Override
	public String toString() {
		return "Credentials[username=" + this.username + "]";
	}

	/**
	 * @param header the whole {@code Authorization} value, starting with {@code Basic }
	 * @return the credentials it carries (RFC 7617, UTF-8)
	 * @throws InvalidRequestException when it is not base64 of {@code user:password}
	 */
	static Credentials fromBasic(String header) {
		String encoded = header.substring("Basic".length()).strip();
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw malformedBasic();
		}
		int colon = decoded.indexOf(':');
		if (colon < 0) {
			throw malformedBasic();
		}
		return of(decoded.substring(0, colon), decoded.substring(colon + 1), "Authorization");
	}

	private static InvalidRequestException malformedBasic() {
		return new InvalidRequestException(List
			.of(new FieldViolation("Authorization", "Basic credentials must be base64 of 'username:password'")));
	}

	static Credentials fromJson(TokenRequest request) {
		return of(request.username(), request.password(), null);
	}

	private static Credentials of(String username, String password, String headerField) {
		List<FieldViolation> problems = new ArrayList<>();
		if (username == null || username.isBlank()) {
			problems.add(new FieldViolation(field(headerField, "username"), "is required"));
		}
		else if (username.length() > MAX_USERNAME_LENGTH) {
			problems.add(new FieldViolation(field(headerField, "username"),
					"must be at most " + MAX_USERNAME_LENGTH + " characters"));
		}
		if (password == null || password.isEmpty()) {
			problems.add(new FieldViolation(field(headerField, "password"), "is required"));
		}
		else if (password.length() > MAX_PASSWORD_LENGTH) {
			problems.add(new FieldViolation(field(headerField, "password"),
					"must be at most " + MAX_PASSWORD_LENGTH + " characters"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidRequestException(problems);
		}
		return new Credentials(username, password);
	}

	private static String field(String headerField, String name) {
		return (headerField != null) ? headerField + "." + name : name;
	}

}
