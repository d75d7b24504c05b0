package io.cachegate.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Small TCP helpers: free ports and reachability. */
public final class Ports {

	private Ports() {
	}

	/** A port that was free a moment ago on the loopback interface. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port", ex);
		}
	}

	/** Whether a server could listen on this port of the loopback interface now. */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Whether something accepts TCP connections on host:port within the timeout. */
	public static boolean isOpen(String host, int port, int timeoutMillis) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), timeoutMillis);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
