package io.cachegate.users.user;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * The cache contract with the gateway (docs: ARCHITECTURE.md, "Contract between gateway
 * and services"). Reads carry the version as {@code ETag}, the tags a later write
 * invalidates, and freshness meant for the gateway only; writes also name the URI whose
 * new representation the body is ({@code Content-Location}), so the gateway can write it
 * through, its own tags ({@code Cache-Tag}, at the version of its {@code ETag}) and the
 * other tags they made stale ({@code Cachegate-Invalidate}: the lists).
 */
@Component
class CacheHeaders {

	/**
	 * The targeted cache field of RFC 9213 that only the Cachegate gateway reads (and
	 * strips).
	 */
	static final String CACHEGATE_CACHE_CONTROL = "Cachegate-Cache-Control";

	/**
	 * The tags a response belongs to; on a write, the written user's own (its ETag is
	 * their new version).
	 */
	static final String CACHE_TAG = "Cache-Tag";

	/**
	 * The other tags a write made stale: the lists, which a version of one user says
	 * nothing about.
	 */
	static final String INVALIDATE = "Cachegate-Invalidate";

	/**
	 * The tag of every list (search) response: any change to any user may change a list.
	 */
	static final String LIST_TAG = "users";

	/** User data is personal: no cache other than ours may keep it. */
	private static final String PRIVATE = "private, no-store";

	private final String gatewayCacheControl;

	CacheHeaders(UsersProperties properties) {
		this.gatewayCacheControl = properties.cacheControl();
	}

	static String etag(long version) {
		return "\"" + version + "\"";
	}

	static String location(long id) {
		return "/users/" + id;
	}

	static String userTag(long id) {
		return "user:" + id;
	}

	void forUser(HttpHeaders headers, User user) {
		headers.setETag(etag(user.version()));
		headers.set(CACHE_TAG, userTag(user.id()));
		freshness(headers);
	}

	void forList(HttpHeaders headers) {
		headers.set(CACHE_TAG, LIST_TAG);
		freshness(headers);
	}

	void forWrite(HttpHeaders headers, User user) {
		headers.setETag(etag(user.version()));
		headers.set(HttpHeaders.CONTENT_LOCATION, location(user.id()));
		headers.set(CACHE_TAG, userTag(user.id()));
		headers.set(INVALIDATE, LIST_TAG);
		freshness(headers);
	}

	void forDelete(HttpHeaders headers, long id) {
		headers.set(CACHE_TAG, userTag(id));
		headers.set(INVALIDATE, LIST_TAG);
		headers.setCacheControl("no-store");
	}

	private void freshness(HttpHeaders headers) {
		headers.set(CACHEGATE_CACHE_CONTROL, this.gatewayCacheControl);
		headers.setCacheControl(PRIVATE);
	}

}
