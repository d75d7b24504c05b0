package io.cachegate.auth.token;

/**
 * JSON credentials for {@code POST /auth/token} (the alternative to
 * {@code Authorization: Basic}).
 *
 * @param username the account's username (any case)
 * @param password its password
 */
record TokenRequest(String username, String password) {

}
