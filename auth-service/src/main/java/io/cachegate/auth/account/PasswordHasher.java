package io.cachegate.auth.account;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * BCrypt off the event loop: a hash or a check costs tens of milliseconds of CPU, which would stall every
 * other request on that Netty thread.
 */
final class PasswordHasher {

	/** BCrypt reads only the first 72 bytes; longer passwords are refused rather than silently cut. */
	static final int MAX_BYTES = 72;

	private final BCryptPasswordEncoder encoder;

	private final Scheduler scheduler;

	/** Checked against for unknown users, so they cost as much time as known ones. */
	private final String dummyHash;

	PasswordHasher(int strength, Scheduler scheduler) {
		this.encoder = new BCryptPasswordEncoder(strength);
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

	Mono<Boolean> matches(String password, String hash) {
		return Mono.fromCallable(() -> fits(password) && this.encoder.matches(password, hash))
			.subscribeOn(this.scheduler);
	}

	/** Spends the time of one check and answers false. */
	Mono<Boolean> burn(String password) {
		String probe = fits(password) ? password : "";
		return Mono.fromCallable(() -> {
			this.encoder.matches(probe, this.dummyHash);
			return false;
		}).subscribeOn(this.scheduler);
	}

	static boolean fits(String password) {
		return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
	}

}
