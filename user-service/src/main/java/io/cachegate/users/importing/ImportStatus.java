package io.cachegate.users.importing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code GET /imports/{id}} answers: where an import stands and what it did so far.
 *
 * @param importId the import's id
 * @param status {@code queued} (upload received or still arriving, no part started),
 * {@code running}, {@code completed} (every part done) or {@code failed} (every part
 * finished, at least one dead-lettered)
 * @param format {@code csv} or {@code ndjson}
 * @param fileName the file name of a multipart upload, if any
 * @param uploadComplete whether the whole file has been received and cut into parts
 * @param parts how many parts there are and how they ended
 * @param rows what happened to the rows
 * @param invalidByReason invalid rows per reason, each row counted once under its first
 * violation
 * @param examples the first invalid rows (by part, then line), at most 100
 * @param failedParts the dead-lettered parts and why
 * @param progressPercent rows finished (in done or failed parts) out of rows read, 0 to
 * 100
 * @param createdAt when the upload started
 * @param receivedAt when the upload was complete
 * @param startedAt when a worker first took a part
 * @param finishedAt when the last part finished
 * @param elapsedMillis from the start of the upload to the end (or to now, while running)
 * @param rowsPerSecond rows finished per second of {@code elapsedMillis}
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ImportStatus(UUID importId, String status, String format, String fileName, boolean uploadComplete, Parts parts,
		Rows rows, Map<String, Long> invalidByReason, List<InvalidRow> examples, List<FailedPart> failedParts,
		double progressPercent, Instant createdAt, Instant receivedAt, Instant startedAt, Instant finishedAt,
		long elapsedMillis, double rowsPerSecond) {

	static ImportStatus of(ImportRepository.ImportSummary summary, Map<String, Long> invalidByReason,
			List<InvalidRow> examples, List<FailedPart> failedParts, Instant now) {
		boolean received = summary.receivedAt() != null;
		String status = summary.status().equals("receiving") ? "queued" : summary.status();
		Instant end = (summary.finishedAt() != null) ? summary.finishedAt() : now;
		long elapsed = Math.max(0, Duration.between(summary.createdAt(), end).toMillis());
		long read = (summary.rowsRead() != null) ? summary.rowsRead() : 0;
		double progress = (read > 0) ? Math.min(100.0, 100.0 * summary.rowsProcessed() / read) : 0.0;
		double rate = (elapsed > 0) ? summary.rowsProcessed() * 1000.0 / elapsed : 0.0;
		return new ImportStatus(summary.id(), status, summary.format().toLowerCase(Locale.ROOT), summary.fileName(),
				received, new Parts(summary.partsTotal(), summary.partsDone(), summary.partsFailed()),
				new Rows(summary.rowsRead(), summary.rowsProcessed(), summary.inserted(), summary.duplicates(),
						summary.invalid()),
				invalidByReason, examples, failedParts, Math.round(progress * 10) / 10.0, summary.createdAt(),
				summary.receivedAt(), summary.startedAt(), summary.finishedAt(), elapsed, Math.round(rate));
	}

	boolean finished() {
		return this.status.equals("completed") || this.status.equals("failed");
	}

	/**
	 * Parts of the import.
	 *
	 * @param total parts the file was cut into ({@code null} while the upload is still
	 * arriving)
	 * @param done parts validated and inserted
	 * @param failed parts dead-lettered after too many failed deliveries
	 */
	record Parts(Integer total, long done, long failed) {

	}

	/**
	 * Rows of the import. {@code processed = inserted + duplicates + invalid} over done
	 * parts (plus the rows of failed parts, which were not inserted).
	 *
	 * @param read data rows in the file ({@code null} while the upload is still arriving)
	 * @param processed rows in finished parts
	 * @param inserted rows that became users
	 * @param duplicates valid rows whose username or email already existed (in the table
	 * or earlier in the file)
	 * @param invalid rows that broke a rule
	 */
	record Rows(Long read, long processed, long inserted, long duplicates, long invalid) {

	}

	/**
	 * A dead-lettered part.
	 *
	 * @param part the part number (0 is the first)
	 * @param reason why it failed
	 */
	record FailedPart(int part, String reason) {

	}

}
