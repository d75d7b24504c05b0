package io.cachegate.auth.account;

/**
 * What an account may do. USER reads; MANAGER also creates, updates and imports users;
 * ADMIN also deletes, manages accounts and administers the cache. Carried in the token's
 * {@code role} claim.
 */
public enum Role {

	USER, MANAGER, ADMIN

}
