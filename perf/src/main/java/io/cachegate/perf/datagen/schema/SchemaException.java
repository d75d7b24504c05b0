package io.cachegate.perf.datagen.schema;

/**
 * A schema file that cannot be used: says which file, which line and what is wrong, so
 * the user can go straight to the line and fix it.
 */
public final class SchemaException extends RuntimeException {

	private final String source;

	private final int line;

	private final String problem;

	public SchemaException(String source, int line, String problem) {
		super(source + ((line > 0) ? ":" + line : "") + ": " + problem);
		this.source = source;
		this.line = line;
		this.problem = problem;
	}

	/** The file name (or other source description) the schema came from. */
	public String source() {
		return this.source;
	}

	/** The 1-based line the problem is on, or 0 when it concerns the file as a whole. */
	public int line() {
		return this.line;
	}

	/** What is wrong, without the location. */
	public String problem() {
		return this.problem;
	}

}
