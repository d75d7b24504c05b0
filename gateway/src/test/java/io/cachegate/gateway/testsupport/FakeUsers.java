package io.cachegate.gateway.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import io.cachegate.gateway.testsupport.TestOrigin.Reply;

/**
 * A tiny user-service stand-in on a {@link TestOrigin} that follows the cache contract:
 * reads carry ETag, Cache-Tag and Cachegate-Cache-Control; writes carry Content-Location,
 * the user's own tag (at the version of its ETag) and the list tag they made stale
 * (Cachegate-Invalidate). The next GET of a user can be held until the test releases it,
 * after the origin has read its data (the invalidation race), and so can the answer of
 * the next write of a user, after the origin has changed its data (a change event that
 * overtakes the write's answer).
 */
public final class FakeUsers {

	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");

	private record User(long id, String name, long version) {

		String json() {
			return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"version\":" + version + "}";
		}

	}

	private final Map<Long, User> users = new ConcurrentHashMap<>();

	/**
	 * Other test JVMs (parallel builds, other worktrees) share the test Redis database:
	 * ids and the list tag are this JVM's own so that their entries and invalidations
	 * never meet ours.
	 */
	private static final long PID = ProcessHandle.current().pid();

	private static final String LIST_TAG = "users-" + PID;

	private final AtomicLong ids = new AtomicLong(PID * 1_000_000L);

	private final Map<Long, Mono<?>> heldReads = new ConcurrentHashMap<>();

	private final Map<Long, Mono<?>> heldWrites = new ConcurrentHashMap<>();

	public FakeUsers(TestOrigin origin) {
		origin.on("GET", "/users/", request -> {
			long id = idOf(request.path());
			User user = users.get(id);
			Mono<?> hold = heldReads.remove(id);
			Reply reply = user == null ? notFound(id) : read(user);
			return hold == null ? reply : reply.after(hold);
		});
		origin.on("GET", listPath(),
				request -> Reply.of(200, "[" + String.join(",", users.values().stream().map(User::json).toList()) + "]")
					.header("Content-Type", "application/json")
					.header("Cache-Tag", LIST_TAG)
					.header("Cachegate-Cache-Control", "max-age=60")
					.header("Cache-Control", "private, no-store"));
		origin.on("PUT", "/users/", request -> {
			long id = idOf(request.path());
			User updated = users.computeIfPresent(id,
					(k, old) -> new User(id, nameOf(request.body()), old.version() + 1));
			if (updated == null) {
				return notFound(id);
			}
			Mono<?> hold = heldWrites.remove(id);
			return hold == null ? written(200, updated) : written(200, updated).after(hold);
		});
		origin.on("POST", "/users", request -> {
			User created = new User(ids.incrementAndGet(), nameOf(request.body()), 0);
			users.put(created.id(), created);
			return written(201, created).header("Location", "/users/" + created.id());
		});
		origin.on("DELETE", "/users/", request -> {
			long id = idOf(request.path());
			if (users.remove(id) == null) {
				return notFound(id);
			}
			return Reply.of(204, "")
				.header("Cache-Tag", "user:" + id)
				.header("Cachegate-Invalidate", LIST_TAG)
				.header("Cache-Control", "no-store");
		});
	}

	/** The tag of this JVM's list of users, which every write makes stale. */
	public static String listTag() {
		return LIST_TAG;
	}

	/**
	 * This JVM's list of users (its own path, so other test JVMs' writes never touch its
	 * URI tag).
	 */
	public static String listPath() {
		return "/users/list-" + PID;
	}

	/** Adds a user directly at the origin; returns its id. */
	public long create(String name) {
		User user = new User(ids.incrementAndGet(), name, 0);
		users.put(user.id(), user);
		return user.id();
	}

	/** Changes a user behind the gateway's back (no invalidation). */
	public void changeDirectly(long id, String name) {
		users.computeIfPresent(id, (k, u) -> new User(id, name, u.version() + 1));
	}

	/**
	 * The next PUT of this user changes its data at once, then answers only when
	 * {@code release} completes.
	 */
	public void holdNextWrite(long id, Mono<?> release) {
		heldWrites.put(id, release);
	}

	/** The version the origin holds for this user now. */
	public long version(long id) {
		return users.get(id).version();
	}

	/**
	 * The next GET of this user reads its data at once, then answers only when
	 * {@code release} completes.
	 */
	public void holdNextRead(long id, Mono<?> release) {
		heldReads.put(id, release);
	}

	private static Reply read(User user) {
		return Reply.of(200, user.json())
			.header("Content-Type", "application/json")
			.header("ETag", "\"" + user.version() + "\"")
			.header("Cache-Tag", "user:" + user.id())
			.header("Cachegate-Cache-Control", "max-age=60")
			.header("Cache-Control", "private, no-store");
	}

	private static Reply written(int status, User user) {
		return Reply.of(status, user.json())
			.header("Content-Type", "application/json")
			.header("ETag", "\"" + user.version() + "\"")
			.header("Content-Location", "/users/" + user.id())
			.header("Cache-Tag", "user:" + user.id())
			.header("Cachegate-Invalidate", LIST_TAG)
			.header("Cachegate-Cache-Control", "max-age=60")
			.header("Cache-Control", "private, no-store");
	}

	private static Reply notFound(long id) {
		return Reply
			.of(404, "{\"type\":\"https://cachegate.io/problems/not-found\",\"status\":404,\"detail\":\"no user " + id
					+ "\"}")
			.header("Content-Type", "application/problem+json");
	}

	private static long idOf(String path) {
		String last = path.substring(path.lastIndexOf('/') + 1);
		try {
			return Long.parseLong(last);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static String nameOf(String body) {
		Matcher matcher = NAME.matcher(body);
		return matcher.find() ? matcher.group(1) : "?";
	}

}
