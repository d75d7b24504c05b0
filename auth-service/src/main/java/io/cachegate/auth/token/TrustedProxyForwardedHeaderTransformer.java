package io.cachegate.auth.token;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * Spring's forwarded-header support, believed only from trusted proxies: a request whose
 * peer is one of them has its client address (and scheme, host) taken from
 * {@code Forwarded} / {@code X-Forwarded-*}; from anyone else those headers are removed
 * unread, so a client talking to this service directly cannot choose the address its
 * login attempts are counted against.
 *
 * <p>
 * The trusted proxy (the gateway) must replace these headers with the address of its own
 * peer, never append to what its client sent: Spring takes the first
 * {@code X-Forwarded-For} entry, the one farthest from this service.
 */
class TrustedProxyForwardedHeaderTransformer extends ForwardedHeaderTransformer {

	private final List<Range> trusted;

	/**
	 * @param trustedProxies IP addresses or CIDR ranges ({@code 10.0.0.0/8}); empty
	 * trusts nobody
	 */
	TrustedProxyForwardedHeaderTransformer(List<String> trustedProxies) {
		this.trusted = trustedProxies.stream()
			.map(String::strip)
			.filter((p) -> !p.isEmpty())
			.map(Range::parse)
			.toList();
	}

	@Override
	public ServerHttpRequest apply(ServerHttpRequest request) {
		if (!hasForwardedHeaders(request)) {
			return request;
		}
		if (isTrusted(request.getRemoteAddress())) {
			return super.apply(request);
		}
		ForwardedHeaderTransformer removeOnly = new ForwardedHeaderTransformer();
		removeOnly.setRemoveOnly(true);
		return removeOnly.apply(request);
	}

	private boolean isTrusted(InetSocketAddress peer) {
		if (peer == null || peer.getAddress() == null) {
			return false;
		}
		byte[] address = peer.getAddress().getAddress();
		return this.trusted.stream().anyMatch((range) -> range.contains(address));
	}

	/**
	 * An address ({@code 127.0.0.1}, {@code ::1}) or a CIDR range ({@code 10.0.0.0/8});
	 * literals only, no names.
	 */
	private record Range(byte[] network, int prefixBits) {

		static Range parse(String text) {
			int slash = text.indexOf('/');
			String host = (slash < 0) ? text : text.substring(0, slash);
			if (!host.matches("[0-9A-Fa-f:.]+")) {
				throw new IllegalArgumentException(
						"cachegate.login.trusted-proxies: '" + text + "' is not an IP address or CIDR range");
			}
			byte[] network;
			try {
				network = InetAddress.getByName(host).getAddress();
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException(
						"cachegate.login.trusted-proxies: '" + text + "' is not an IP address", ex);
			}
			int bits = (slash < 0) ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
			if (bits < 0 || bits > network.length * 8) {
				throw new IllegalArgumentException(
						"cachegate.login.trusted-proxies: bad prefix length in '" + text + "'");
			}
			return new Range(network, bits);
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			for (int bit = 0; bit < this.prefixBits; bit++) {
				int mask = 0x80 >>> (bit % 8);
				if ((address[bit / 8] & mask) != (this.network[bit / 8] & mask)) {
					return false;
				}
			}
			return true;
		}

	}

}
