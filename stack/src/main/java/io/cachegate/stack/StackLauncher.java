package io.cachegate.stack;

/** Starts the whole stack locally. */
public final class StackLauncher {

	private StackLauncher() {
	}

	public static void main(String[] args) {
		throw new UnsupportedOperationException("not yet");
	}

}
