package io.cachegate.cache.http;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.springframework.http.HttpHeaders;

import io.cachegate.cache.http.CacheProperties.RoutePolicy;
import io.cachegate.cache.store.CacheEntry;

/**
 * RFC 9111 section 4.3, validation: the conditional request made from a stored entry
 * (4.3.1), whether a {@code 304 Not Modified} answer is about that entry (4.3.4), and the
 * entry it freshens (header fields updated as section 3.2 says, age restarted).
 *
 * <ul>
 * <li>The gateway sends {@code If-None-Match} with the entry's {@code ETag} and
 * {@code If-Modified-Since} with its {@code Last-Modified}, only when the client's
 * request carries no conditional of its own: the client's are forwarded as they are (they
 * may be meant for the origin, section 4.3.2), and a 304 to them freshens the entry only
 * when it names the entry's validator.</li>
 * <li>A 304 is about the entry when its {@code ETag} matches the entry's (weak
 * comparison: one entry per key), else when its {@code Last-Modified} equals the entry's,
 * else, with no validator at all, only when it answers the gateway's own conditional
 * request made from that entry (a 304 to {@code If-Modified-Since} usually carries no
 * {@code Last-Modified}; section 4.3.4 would select only an entry without a validator
 * there, but this request was made from this one entry).</li>
 * <li>Freshening: every field of the 304 replaces the stored field of the same name;
 * fields it does not carry are kept (section 3.2). Never updated: the fields never stored
 * ({@link CacheHeaders#storedHeaders}), {@code Content-Length}, and the fields the stored
 * body or key depends on ({@code Content-Encoding}, {@code Content-Range},
 * {@code Content-MD5}, {@code Vary}). The 304's {@code Cache-Tag}s join the entry's tags.
 * Its freshness is decided again from the updated fields (with the 304's targeted field,
 * which entries do not keep); a 304 naming no freshness at all keeps the entry's own
 * lifetime. Its age restarts from the 304.</li>
 * <li>A {@code 200} to a {@code HEAD} request (section 4.3.5) freshens the stored GET
 * answer the request selects exactly as a 304 does, when it describes that answer: each
 * validator it carries ({@code ETag}, {@code Last-Modified}) equals the stored one, and
 * its {@code Content-Length}, if any, is the stored body's length (and the stored answer
 * is a {@code 200}: a stored 404 says nothing a 200 may freshen). Otherwise the stored
 * answer no longer describes the resource and is removed.</li>
 * </ul>
 */
public final class Revalidation {

	/** The request fields that make a request conditional (RFC 9110 section 13.1). */
	private static final List<String> CONDITIONALS = List.of(HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_MODIFIED_SINCE,
			HttpHeaders.IF_MATCH, HttpHeaders.IF_UNMODIFIED_SINCE, HttpHeaders.IF_RANGE);

	/** Fields a 304 never changes in a stored entry, besides those never stored. */
	private static final Set<String> NOT_UPDATED = Set.of("content-length", "content-encoding", "content-range",
			"content-md5", "vary");

	private Revalidation() {
	}

	/**
	 * A stored entry's header fields freshened by a 304 (what the entry is to hold), and
	 * whether it may be stored again.
	 */
	public record Freshened(CacheEntry entry, boolean storable) {
	}

	/** Whether a client's request carries a conditional of its own. */
	public static boolean isConditional(HttpHeaders request) {
		for (String name : CONDITIONALS) {
			if (request.containsHeader(name)) {
				return true;
			}
		}
		return false;
	}

	/** Sets the conditionals that revalidate {@code entry} on a request's headers. */
	public static void addConditionals(CacheEntry entry, HttpHeaders request) {
		if (entry.etag() != null) {
			request.set(HttpHeaders.IF_NONE_MATCH, entry.etag());
		}
		if (entry.lastModified() != null) {
			request.set(HttpHeaders.IF_MODIFIED_SINCE, entry.lastModified());
		}
	}

	/**
	 * Whether a 304 is about {@code stored} (section 4.3.4).
	 * @param ownRequest whether the request was the gateway's own conditional made from
	 * {@code stored}
	 */
	public static boolean identifies(CacheEntry stored, HttpHeaders notModified, boolean ownRequest) {
		String etag = notModified.getFirst(HttpHeaders.ETAG);
		if (etag != null) {
			return stored.etag() != null
					&& CacheHeaders.opaque(etag.strip()).equals(CacheHeaders.opaque(stored.etag()));
		}
		String lastModified = notModified.getFirst(HttpHeaders.LAST_MODIFIED);
		if (lastModified != null) {
			return sameDate(lastModified, stored.lastModified());
		}
		return ownRequest;
	}

	/**
	 * Whether a {@code 200} answer to a {@code HEAD} request describes {@code stored}
	 * (section 4.3.5): the stored answer is a {@code 200} too, every validator the HEAD's
	 * carries equals the stored one (the entity tag as it is, weak or strong; the date as
	 * a date), and its {@code Content-Length}, when it has one, is the stored body's
	 * length. A validator the stored answer lacks does not match.
	 */
	public static boolean describes(CacheEntry stored, HttpHeaders head) {
		if (stored.status() != 200) {
			return false;
		}
		String etag = head.getFirst(HttpHeaders.ETAG);
		if (etag != null && (stored.etag() == null || !etag.strip().equals(stored.etag().strip()))) {
			return false;
		}
		String lastModified = head.getFirst(HttpHeaders.LAST_MODIFIED);
		if (lastModified != null && !sameDate(lastModified, stored.lastModified())) {
			return false;
		}
		List<String> lengths = head.get(HttpHeaders.CONTENT_LENGTH);
		if (lengths == null || lengths.isEmpty()) {
			return true;
		}
		String length = Long.toString(stored.body().length);
		return lengths.stream().allMatch(value -> value.strip().equals(length));
	}

	/** Whether an answer's date field names the stored one's date (compared as dates). */
	private static boolean sameDate(String answered, String stored) {
		long date = HttpDates.parse(answered).orElse(-1);
		return date >= 0 && date == HttpDates.parse(stored).orElse(-2);
	}

	/**
	 * Section 3.2: the stored fields with each field the 304 carries replacing the stored
	 * one of that name (in the stored one's place), new ones after them.
	 */
	public static List<CacheEntry.Header> updatedHeaders(List<CacheEntry.Header> stored, HttpHeaders notModified) {
		Map<String, List<CacheEntry.Header>> updates = new LinkedHashMap<>();
		for (CacheEntry.Header header : CacheHeaders.storedHeaders(notModified)) {
			String name = header.name().toLowerCase(Locale.ROOT);
			if (!NOT_UPDATED.contains(name)) {
				updates.computeIfAbsent(name, n -> new ArrayList<>()).add(header);
			}
		}
		List<CacheEntry.Header> updated = new ArrayList<>(stored.size() + updates.size());
		Set<String> placed = new LinkedHashSet<>();
		for (CacheEntry.Header header : stored) {
			String name = header.name().toLowerCase(Locale.ROOT);
			List<CacheEntry.Header> replacement = updates.get(name);
			if (replacement == null) {
				updated.add(header);
			}
			else if (placed.add(name)) {
				updated.addAll(replacement);
			}
		}
		updates.forEach((name, replacement) -> {
			if (!placed.contains(name)) {
				updated.addAll(replacement);
			}
		});
		return updated;
	}

	/**
	 * The entry a 304 freshens: headers updated, tags joined, freshness decided again,
	 * age restarted at {@code now} (less the 304's own age).
	 * @param jitter shortens a freshness decided again (never one kept)
	 */
	public static Freshened freshened(CacheEntry stored, HttpHeaders notModified, boolean hadAuthorization,
			RoutePolicy policy, Instant now, UnaryOperator<Duration> jitter) {
		List<CacheEntry.Header> headers = updatedHeaders(stored.headers(), notModified);
		HttpHeaders decisive = new HttpHeaders();
		headers.forEach(header -> decisive.add(header.name(), header.value()));
		copy(notModified, decisive, HttpHeaders.AGE);
		boolean namesFreshness = notModified.containsHeader(HttpHeaders.CACHE_CONTROL)
				|| notModified.containsHeader(HttpHeaders.EXPIRES);
		for (String field : policy.targetedFields()) {
			namesFreshness |= copy(notModified, decisive, field);
		}
		Set<String> tags = new LinkedHashSet<>(stored.tags());
		CacheHeaders.headerTags(notModified, CacheHeaders.CACHE_TAG, tags);
		Duration initialAge = ResponseAge.initial(decisive, now);
		if (!namesFreshness) {
			CacheEntry kept = new CacheEntry(stored.status(), headers, stored.body(), now.minus(initialAge),
					stored.freshness(), stored.staleWhileRevalidate(), stored.staleIfError(), stored.keyMaterial(),
					List.copyOf(tags), policy.staleRetention());
			return new Freshened(kept, true);
		}
		Storability.Decision decision = Storability.decide(stored.status(), decisive, hadAuthorization, policy, now);
		CacheEntry entry = new CacheEntry(stored.status(), headers, stored.body(), decision.generatedAt(now),
				jitter.apply(decision.freshness()), decision.staleWhileRevalidate(), decision.staleIfError(),
				stored.keyMaterial(), List.copyOf(tags), decision.staleRetention());
		return new Freshened(entry, decision.storable());
	}

	private static boolean copy(HttpHeaders from, HttpHeaders to, String name) {
		List<String> values = from.get(name);
		if (values == null) {
			return false;
		}
		to.put(name, values);
		return true;
	}

}
