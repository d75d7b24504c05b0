package io.cachegate.auth.account;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * BCrypt off the event loop: a hash or a check costs tens of milliseconds of CPU, which
 * would stall every other request on that Netty thread.
 */
final class PasswordHasher {

	/**
	 * BCrypt reads only the first 72 bytes; longer passwords are refused rather than
	 * silently cut.
	 */
	static final int MAX_BYTES = 72;

	private final PasswordEncoder encoder;

	private final Scheduler scheduler;

	/** Checked against for unknown users, so they cost as much time as known ones. */
	private final String dummyHash;

	PasswordHasher(PasswordEncoder encoder, Scheduler scheduler) {
		this.encoder = encoder;
		this.scheduler = scheduler;
		this.dummyHash = this.encoder.encode(UUID.randomUUID().toString());
	}

	/** Hashes on the calling thread; for start-up. */
	String hashNow(String password) {
		return this.encoder.encode(password);
	}

	Mono<String> hash(String password) {
		return Mono.fromCallable(() -> this.encoder.encode(password)).subscribeOn(this.scheduler);
	}

	/**
	 * One check; a password too long for BCrypt never matches but costs the same time.
	 */
	Mono<Boolean> matches(String password, String hash) {
		return Mono.fromCallable(() -> fits(password) ? this.encoder.matches(password, hash) : checkDummy(""))
			.subscribeOn(this.scheduler);
	}

	/** Spends the time of one check and answers false. */
	Mono<Boolean> burn(String password) {
		return Mono.fromCallable(() -> checkDummy(fits(password) ? password : "")).subscribeOn(this.scheduler);
	}

	private boolean checkDummy(String probe) {
		this.encoder.matches(probe, this.dummyHash);
		return false;
	}

	static boolean fits(String password) {
		return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
	}

}
