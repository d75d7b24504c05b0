package io.cachegate.users.importing;

import java.util.Locale;

import org.springframework.http.MediaType;

/** The file formats an import reads. */
enum ImportFormat {

	/**
	 * Comma-separated values with a header row naming the user fields (RFC 4180 quoting).
	 */
	CSV(new MediaType("text", "csv"), true),

	/**
	 * One JSON object per line (newline-delimited JSON); the first object's members act
	 * as the header.
	 */
	NDJSON(new MediaType("application", "x-ndjson"), false);

	private final MediaType mediaType;

	private final boolean quoting;

	ImportFormat(MediaType mediaType, boolean quoting) {
		this.mediaType = mediaType;
		this.quoting = quoting;
	}

	MediaType mediaType() {
		return this.mediaType;
	}

	/**
	 * Whether a quoted field may hold a newline (CSV); in NDJSON a newline always ends a
	 * record.
	 */
	boolean quoting() {
		return this.quoting;
	}

	/**
	 * The format of a body or file part.
	 * @param contentType its media type, or {@code null}
	 * @param fileName its file name, or {@code null} (for multipart parts sent as
	 * octet-stream)
	 * @return the format, or {@code null} when it is neither
	 */
	static ImportFormat of(MediaType contentType, String fileName) {
		if (contentType != null) {
			if (contentType.isCompatibleWith(CSV.mediaType)) {
				return CSV;
			}
			if (contentType.isCompatibleWith(NDJSON.mediaType)
					|| contentType.isCompatibleWith(new MediaType("application", "jsonl"))) {
				return NDJSON;
			}
		}
		if (fileName != null && (contentType == null || contentType.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)
				|| contentType.isCompatibleWith(MediaType.TEXT_PLAIN))) {
			String lower = fileName.toLowerCase(Locale.ROOT);
			if (lower.endsWith(".csv")) {
				return CSV;
			}
			if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
				return NDJSON;
			}
		}
		return null;
	}

}
