package io.cachegate.users.user;

import java.util.ArrayList;
import java.util.List;

import io.cachegate.support.problem.FieldViolation;
import io.cachegate.support.problem.InvalidRequestException;

/**
 * A validated {@code GET /users} query.
 *
 * @param prefix the prefix to search for, or {@code null} for every user
 * @param page the page number, from 0
 * @param size the page size, 1 to {@value #MAX_SIZE}
 */
record SearchQuery(String prefix, int page, int size) {

	static final int DEFAULT_SIZE = 20;

	static final int MAX_SIZE = 100;

	/**
	 * The deepest row a page may reach (page x size + size). Deeper pages make PostgreSQL
	 * read and throw away every row before them on a pooled connection: a few such
	 * requests at once would hold the pool. Narrow the search with {@code q} instead.
	 */
	static final int MAX_DEPTH = 10_000;

	/**
	 * Longer than any searchable column (email, 254): a longer prefix cannot match
	 * anything.
	 */
	static final int MAX_PREFIX = 254;

	/**
	 * Reads the query parameters as sent.
	 * @param q the prefix, optional
	 * @param page the page number, optional (default 0)
	 * @param size the page size, optional (default {@value #DEFAULT_SIZE})
	 * @return the query
	 * @throws InvalidRequestException naming each invalid parameter
	 */
	static SearchQuery of(String q, String page, String size) {
		List<FieldViolation> violations = new ArrayList<>();
		String prefix = (q == null || q.isBlank()) ? null : q.strip();
		if (prefix != null && prefix.length() > MAX_PREFIX) {
			violations.add(new FieldViolation("q", "must be at most " + MAX_PREFIX + " characters long"));
		}
		int pageNumber = parse(violations, "page", page, 0, 0, Integer.MAX_VALUE / MAX_SIZE,
				"must be a whole number, 0 or more");
		int pageSize = parse(violations, "size", size, DEFAULT_SIZE, 1, MAX_SIZE,
				"must be a whole number from 1 to " + MAX_SIZE);
		if (violations.isEmpty() && ((long) pageNumber + 1) * pageSize > MAX_DEPTH) {
			violations.add(new FieldViolation("page", "page x size may reach at most row " + MAX_DEPTH + " (page "
					+ (MAX_DEPTH / pageSize - 1) + " at size " + pageSize + "); narrow the search with q"));
		}
		if (!violations.isEmpty()) {
			throw new InvalidRequestException(violations);
		}
		return new SearchQuery(prefix, pageNumber, pageSize);
	}

	long offset() {
		return (long) this.page * this.size;
	}

	private static int parse(List<FieldViolation> violations, String name, String text, int fallback, int min, int max,
			String message) {
		if (text == null || text.isBlank()) {
			return fallback;
		}
		try {
			int value = Integer.parseInt(text.strip());
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below like an out-of-range number.
		}
		violations.add(new FieldViolation(name, message));
		return fallback;
	}

}
