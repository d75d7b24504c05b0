package io.cachegate.gateway.auth;

/**
 * Credentials were present but refused; the message says why, in words safe to show the
 * client.
 */
class InvalidCredentialsException extends RuntimeException {

	InvalidCredentialsException(String reason) {
		super(reason);
	}

}
