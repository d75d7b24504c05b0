package io.cachegate.users.importing;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the bulk import (prefix {@code cachegate.import}).
 *
 * @param partSize rows per part: the unit of work a worker validates and inserts in one
 * transaction (env {@code CACHEGATE_IMPORT_PART_SIZE})
 * @param maxRecordSize the longest one record (row) may be, in bytes; a longer one
 * rejects the file, which bounds the memory an upload can take (env
 * {@code CACHEGATE_IMPORT_MAX_RECORD_SIZE})
 * @param workers whether this instance takes parts from the stream at all (env
 * {@code CACHEGATE_IMPORT_WORKERS})
 * @param concurrency parts this instance works on at once (env
 * {@code CACHEGATE_IMPORT_CONCURRENCY})
 * @param claimTimeout how long a part may stay pending with a consumer before another one
 * claims it ({@code XAUTOCLAIM}); longer than a part takes to process (env
 * {@code CACHEGATE_IMPORT_CLAIM_TIMEOUT})
 * @param maxDeliveries deliveries after which a part that still did not finish goes to
 * the dead-letter stream and counts as failed (env
 * {@code CACHEGATE_IMPORT_MAX_DELIVERIES})
 * @param stream the Redis Stream that carries one entry per part (env
 * {@code CACHEGATE_IMPORT_STREAM})
 * @param deadLetterStream where parts go that failed {@code maxDeliveries} times (env
 * {@code CACHEGATE_IMPORT_DEAD_LETTER_STREAM})
 * @param group the consumer group every instance's workers join (env
 * {@code CACHEGATE_IMPORT_GROUP})
 * @param consumer this instance's consumer name; empty means host, process id and a
 * random suffix, unique per start (env {@code CACHEGATE_IMPORT_CONSUMER})
 * @param readBlock how long one {@code XREADGROUP} waits for a new part (env
 * {@code CACHEGATE_IMPORT_READ_BLOCK})
 * @param redisTimeout the longest any other Redis call of the import may take (env
 * {@code CACHEGATE_IMPORT_REDIS_TIMEOUT})
 * @param examplesPerPart invalid rows kept as examples per part (env
 * {@code CACHEGATE_IMPORT_EXAMPLES_PER_PART})
 * @param maxPartBytes the most bytes of records one part holds, besides {@code partSize}
 * rows: a part is cut at whichever comes first, so the memory one upload (and one worker)
 * takes is bounded however long the rows are (env
 * {@code CACHEGATE_IMPORT_MAX_PART_BYTES})
 * @param maxUploadSize the largest file one upload may send; a larger one is refused with
 * 413 and nothing of it is kept (env {@code CACHEGATE_IMPORT_MAX_UPLOAD_SIZE})
 */
@Validated
@ConfigurationProperties("cachegate.import")
record ImportProperties(@Min(1) @Max(100_000) @DefaultValue("10000") int partSize,
		@Min(1024) @DefaultValue("65536") int maxRecordSize, @DefaultValue("true") boolean workers,
		@Min(1) @Max(64) @DefaultValue("2") int concurrency, @NotNull @DefaultValue("30s") Duration claimTimeout,
		@Min(1) @DefaultValue("3") int maxDeliveries, @NotBlank @DefaultValue("cachegate:imports") String stream,
		@NotBlank @DefaultValue("cachegate:imports:dead") String deadLetterStream,
		@NotBlank @DefaultValue("importers") String group, @DefaultValue("") String consumer,
		@NotNull @DefaultValue("2s") Duration readBlock, @NotNull @DefaultValue("5s") Duration redisTimeout,
		@Min(0) @Max(1000) @DefaultValue("100") int examplesPerPart,
		@NotNull @DefaultValue("8MB") DataSize maxPartBytes, @NotNull @DefaultValue("512MB") DataSize maxUploadSize) {

	ImportProperties {
		if (maxPartBytes.toBytes() < maxRecordSize) {
			throw new IllegalArgumentException("cachegate.import.max-part-bytes must hold at least one record of "
					+ "cachegate.import.max-record-size bytes");
		}
	}

}
