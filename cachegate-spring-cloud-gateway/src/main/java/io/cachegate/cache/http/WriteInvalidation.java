package io.cachegate.cache.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import io.cachegate.cache.store.CacheEntry;
import io.cachegate.cache.store.Invalidation;

/**
 * What a successful write's answer makes stale, read from its headers.
 *
 * <ul>
 * <li>The new representation, when the answer names it ({@code Content-Location}): its
 * URI tag and its {@code Cache-Tag}s are its own tags, and its numeric {@code ETag} is
 * their version, so entries that already hold that version (the write's own
 * write-through, whichever of it and the change event comes first) stay.</li>
 * <li>Without a version, or without {@code Content-Location}, every tag is invalidated
 * without a version.</li>
 * <li>Besides: the request's URI and the {@code Location} URI (when they are not the
 * representation's), and the tags of {@link #INVALIDATE}, the service's list of what else
 * the write changed (lists, say), all without a version: a version of one thing says
 * nothing of another.</li>
 * </ul>
 *
 * @param invalidation the tags to invalidate, with the versions of the representation's
 * own
 * @param representation the normalized URI of the new representation
 * ({@code Content-Location}), if named
 * @param representationTags the tags an entry of that representation carries
 */
public record WriteInvalidation(Invalidation invalidation, Optional<URI> representation,
		List<String> representationTags) {

	/**
	 * The tags a write changed besides its representation's own (for example the tag of
	 * every list).
	 */
	public static final String INVALIDATE = "Cachegate-Invalidate";

	public static WriteInvalidation of(HttpHeaders answer, URI requestUri, String path) {
		Optional<URI> contentLocation = target(requestUri, answer.getFirst(HttpHeaders.CONTENT_LOCATION));
		String representationPath = contentLocation.map(uri -> CacheKeys.normalizePath(uri.getRawPath())).orElse(path);
		List<String> own = CacheHeaders.tags(answer, representationPath);
		Set<String> tags = new LinkedHashSet<>(own);
		tags.add(CacheKeys.uriTag(path));
		target(requestUri, answer.getFirst(HttpHeaders.LOCATION))
			.ifPresent(uri -> tags.add(CacheKeys.uriTag(CacheKeys.normalizePath(uri.getRawPath()))));
		CacheHeaders.headerTags(answer, INVALIDATE, tags);
		Long version = contentLocation.isPresent() ? CacheEntry.versionOf(answer.getETag()) : null;
		Map<String, Long> versions = new LinkedHashMap<>();
		if (version != null) {
			own.forEach(tag -> versions.put(tag, version));
		}
		return new WriteInvalidation(new Invalidation(tags, versions), contentLocation, own);
	}

	/**
	 * The URI a {@code Location}/{@code Content-Location} value names, relative to the
	 * request.
	 */
	private static Optional<URI> target(URI requestUri, String headerValue) {
		if (headerValue == null || headerValue.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(requestUri.resolve(headerValue.trim()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
