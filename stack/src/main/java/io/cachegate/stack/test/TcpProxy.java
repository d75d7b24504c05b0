package io.cachegate.stack.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault-injecting TCP proxy for tests: put it in front of a real server, then make the
 * server look down ({@link Mode#REFUSE}: open connections are cut and new ones closed at
 * once), hung ({@link Mode#BLACKHOLE}: bytes are swallowed) or slow ({@link #delay}). It
 * never touches the server itself, so shared servers stay up.
 */
public final class TcpProxy implements AutoCloseable {

	/** How the proxy treats traffic. */
	public enum Mode {

		PASS, REFUSE, BLACKHOLE

	}

	private final ServerSocket listener;

	private final InetSocketAddress target;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile Mode mode = Mode.PASS;

	private volatile Duration delay = Duration.ZERO;

	private volatile boolean closed;

	private TcpProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + listener.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/** Starts a proxy on a free loopback port that forwards to host:port. */
	public static TcpProxy to(String host, int port) {
		try {
			return new TcpProxy(new InetSocketAddress(host, port));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return listener.getLocalPort();
	}

	/**
	 * Changes the mode; REFUSE and BLACKHOLE also cut or stall connections already open.
	 */
	public void mode(Mode newMode) {
		this.mode = newMode;
		if (newMode == Mode.REFUSE) {
			open.forEach(TcpProxy::closeQuietly);
			open.clear();
		}
	}

	/** Delays every chunk forwarded in either direction. */
	public void delay(Duration newDelay) {
		this.delay = newDelay;
	}

	@Override
	public void close() {
		closed = true;
		closeQuietly(listener);
		open.forEach(TcpProxy::closeQuietly);
	}

	private void acceptLoop() {
		while (!closed) {
			try {
				Socket client = listener.accept();
				if (mode == Mode.REFUSE) {
					closeQuietly(client);
					continue;
				}
				Socket server = new Socket();
				server.connect(target, 2000);
				open.add(client);
				open.add(server);
				pump(client, server);
				pump(server, client);
			}
			catch (IOException ex) {
				if (closed) {
					return;
				}
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					Duration pause = delay;
					if (!pause.isZero()) {
						Thread.sleep(pause.toMillis());
					}
					if (mode == Mode.BLACKHOLE) {
						continue;
					}
					if (mode == Mode.REFUSE) {
						break;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (SocketException ex) {
				// Cut on purpose or by the peer.
			}
			catch (IOException ex) {
				// The peer went away.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				open.remove(from);
				open.remove(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Nothing to do: it is gone either way.
		}
	}

}
