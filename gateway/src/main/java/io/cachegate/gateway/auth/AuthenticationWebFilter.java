package io.cachegate.gateway.auth;

import java.util.List;
import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.cachegate.cache.web.PrefilteredPattern;
import io.cachegate.gateway.error.ProblemException;

/**
 * Authenticates every request that is not on a public path, cache hits included (the
 * cache filter runs later, inside the route). A {@link WebFilter} rather than a gateway
 * filter so that it also guards what the gateway serves itself (the admin API) and so
 * that requests matching no route get 401 rather than revealing which paths exist.
 *
 * <p>
 * Order of the gateway's own filters: {@code RequestIdWebFilter} (HIGHEST_PRECEDENCE +
 * 10), then {@link InternalHeadersWebFilter} (+20), then this (+30); inside a route, the
 * cache filter (order -10, before Spring Cloud Gateway's response writer at -1) and then
 * the origin call.
 *
 * <p>
 * The request goes on with {@code Authorization: Bearer <verified jwt>} (Basic is
 * exchanged for one) and {@code X-User-Id}, {@code X-User-Name}, {@code X-User-Role} for
 * the services' logs. The verified token is left in the exchange
 * ({@link VerifiedToken#of}) for the cache key.
 */
class AuthenticationWebFilter implements WebFilter, Ordered {

	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 30;

	private static final String REALM = "realm=\"cachegate\"";

	private final TokenVerifier verifier;

	private final BasicTokenExchange basic;

	private final List<PublicPath> publicPaths;

	AuthenticationWebFilter(TokenVerifier verifier, BasicTokenExchange basic, AuthProperties properties) {
		this.verifier = verifier;
		this.basic = basic;
		this.publicPaths = properties.publicPaths().stream().map(PublicPath::parse).toList();
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (isPublic(request)) {
			return chain.filter(exchange);
		}
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		Mono<VerifiedToken> caller;
		if (authorization == null || authorization.isBlank()) {
			return Mono.error(unauthorized("missing",
					"This request needs credentials: send Authorization: Bearer <token> (from POST /auth/token) or "
							+ "Authorization: Basic.",
					null));
		}
		// The scheme is case-insensitive (RFC 9110, 11.1); compared in place, not by
		// lower-casing the whole token.
		if (authorization.regionMatches(true, 0, "bearer ", 0, 7)) {
			caller = verifier.verify(authorization.substring(7).trim());
		}
		else if (authorization.regionMatches(true, 0, "basic ", 0, 6)) {
			caller = basic.authenticate(authorization.substring(6), BasicTokenExchange.Caller.of(request));
		}
		else {
			return Mono
				.error(unauthorized("unsupported-scheme", "Only the Bearer and Basic schemes are accepted.", null));
		}
		return caller
			.onErrorMap(InvalidCredentialsException.class,
					ex -> unauthorized("invalid", "The credentials were refused: " + ex.getMessage() + ".",
							ex.getMessage()))
			.flatMap(token -> {
				exchange.getAttributes().put(VerifiedToken.ATTRIBUTE, token);
				ServerHttpRequest authenticated = request.mutate().headers(h -> {
					h.setBearerAuth(token.token());
					h.set("X-User-Id", token.subject());
					h.set("X-User-Role", token.role());
					if (token.username() != null) {
						h.set("X-User-Name", token.username());
					}
				}).build();
				return chain.filter(exchange.mutate().request(authenticated).build());
			});
	}

	boolean isPublic(ServerHttpRequest request) {
		// A loop, not a stream: asked on every request, hits included.
		PathContainer path = request.getPath().pathWithinApplication();
		for (PublicPath publicPath : publicPaths) {
			if (publicPath.matches(request.getMethod(), path)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a request with this method and raw path (no context path is set) needs no
	 * credentials: the rule of {@link #isPublic(ServerHttpRequest)}, for handlers in
	 * front of the web filters.
	 */
	boolean isPublic(HttpMethod method, String rawPath) {
		for (PublicPath publicPath : publicPaths) {
			if (publicPath.matches(method, rawPath)) {
				return true;
			}
		}
		return false;
	}

	private static ProblemException unauthorized(String kind, String detail, String bearerError) {
		HttpHeaders headers = new HttpHeaders();
		String bearer = "Bearer " + REALM;
		if (bearerError != null) {
			bearer += ", error=\"invalid_token\", error_description=\"" + headerSafe(bearerError) + "\"";
		}
		headers.add(HttpHeaders.WWW_AUTHENTICATE, bearer);
		headers.add(HttpHeaders.WWW_AUTHENTICATE, "Basic " + REALM + ", charset=\"UTF-8\"");
		String type = "missing".equals(kind) ? "unauthorized" : "invalid-credentials";
		return new ProblemException(HttpStatus.UNAUTHORIZED, type, "Unauthorized", detail, headers);
	}

	/**
	 * Printable ASCII without quotes or backslashes: a header value Netty accepts
	 * whatever the reason says.
	 */
	static String headerSafe(String text) {
		StringBuilder safe = new StringBuilder(Math.min(text.length(), 200));
		for (int i = 0; i < text.length() && safe.length() < 200; i++) {
			char c = text.charAt(i);
			safe.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? c : '_');
		}
		return safe.toString();
	}

	/**
	 * A public path entry: {@code [METHOD ]pattern}, for example
	 * {@code POST /auth/token}.
	 */
	private record PublicPath(HttpMethod method, PrefilteredPattern pattern) {

		static PublicPath parse(String entry) {
			String trimmed = entry.trim();
			int space = trimmed.indexOf(' ');
			HttpMethod method = space > 0 ? HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase(Locale.ROOT))
					: null;
			String path = space > 0 ? trimmed.substring(space + 1).trim() : trimmed;
			return new PublicPath(method, PrefilteredPattern.parse(path));
		}

		boolean matches(HttpMethod requestMethod, PathContainer path) {
			return (method == null || method.equals(requestMethod)) && pattern.matches(path);
		}

		boolean matches(HttpMethod requestMethod, String rawPath) {
			return (method == null || method.equals(requestMethod)) && pattern.matches(rawPath);
		}

	}

}
