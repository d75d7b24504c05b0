package io.cachegate.gateway.observability;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * First on every request (routed, gateway-owned and unmatched alike, hence a {@link WebFilter} rather than a
 * gateway filter): keeps the client's {@code X-Request-Id} when it is a sane token, else makes one, passes it to
 * the origin and returns it to the client, so one id ties the client, the gateway's log and the service's log.
 */
@Component
class RequestIdWebFilter implements WebFilter, Ordered {

	/** Runs first; see {@code io.cachegate.gateway.auth.AuthenticationWebFilter} for the order of the rest. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	static final String HEADER = "X-Request-Id";

	/** Client ids end up in logs: accept only short, printable tokens. */
	private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String given = exchange.getRequest().getHeaders().getFirst(HEADER);
		String id = (given != null && ACCEPTABLE.matcher(given).matches()) ? given : newId();
		ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> h.set(HEADER, id)).build();
		exchange.getResponse().getHeaders().set(HEADER, id);
		// Origins may echo the id: keep exactly one on the way out.
		exchange.getResponse().beforeCommit(() -> {
			exchange.getResponse().getHeaders().set(HEADER, id);
			return Mono.empty();
		});
		return chain.filter(exchange.mutate().request(request).build());
	}

	/**
	 * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id needs to be unique, not unguessable, and
	 * {@link UUID#randomUUID()} draws from a shared {@code SecureRandom} on every request.
	 */
	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

}
