package io.cachegate.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs the admin in at auth-service: once at start, to check that the login the launcher
 * prints really works, and for the token that seeds demo data.
 */
final class AdminLogin {

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private AdminLogin() {
	}

	static boolean works(String authBaseUrl, String username, String password) {
		return token(authBaseUrl, username, password).isPresent();
	}

	/**
	 * The admin's JWT, or empty when auth-service refuses the login or cannot be reached.
	 */
	static Optional<String> token(String authBaseUrl, String username, String password) {
		String credentials = Base64.getEncoder()
			.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest.newBuilder(URI.create(authBaseUrl + "/auth/token"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Basic " + credentials)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(request, HttpResponse.BodyHandlers.ofString());
			Matcher token = ACCESS_TOKEN.matcher(response.body());
			return (response.statusCode() == 200 && token.find()) ? Optional.of(token.group(1)) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

}
