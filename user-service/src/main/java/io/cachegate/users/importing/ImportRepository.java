package io.cachegate.users.importing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The import tables ({@code users.imports}, {@code users.import_parts},
 * {@code users.import_ledger}) as the upload and the status requests see them: an import
 * created, its parts stored as they are received, and its progress summed from the
 * ledger. The workers' side is {@link ImportPartRepository}. Plain SQL through R2DBC,
 * like the users repository.
 */
@Repository
class ImportRepository {

	private static final String SUMMARY = "select i.id, i.owner, i.format, i.file_name, i.status, i.parts_total, "
			+ "i.rows_read, i.created_at, i.received_at, i.started_at, i.finished_at, "
			+ "count(l.part_no) filter (where l.status = 'done') as parts_done, "
			+ "count(l.part_no) filter (where l.status = 'failed') as parts_failed, "
			+ "coalesce(sum(l.rows), 0) as rows_processed, coalesce(sum(l.inserted), 0) as inserted, "
			+ "coalesce(sum(l.duplicates), 0) as duplicates, coalesce(sum(l.invalid), 0) as invalid "
			+ "from users.imports i left join users.import_ledger l on l.import_id = i.id ";

	private final DatabaseClient db;

	private final JsonMapper json;

	ImportRepository(DatabaseClient db, JsonMapper json) {
		this.db = db;
		this.json = json;
	}

	/**
	 * Creates an import in state {@code receiving}.
	 * @return {@code false} when the caller already has an import with this idempotency
	 * key
	 */
	Mono<Boolean> create(UUID id, String owner, String idempotencyKey, ImportFormat format, String fileName) {
		GenericExecuteSpec spec = this.db
			.sql("insert into users.imports (id, owner, idempotency_key, format, file_name, status) values (:id, "
					+ ":owner, :key, :format, :fileName, 'receiving') on conflict (owner, idempotency_key) where "
					+ "idempotency_key is not null do nothing")
			.bind("id", id)
			.bind("owner", owner)
			.bind("format", format.name());
		spec = (idempotencyKey != null) ? spec.bind("key", idempotencyKey) : spec.bindNull("key", String.class);
		spec = (fileName != null) ? spec.bind("fileName", fileName) : spec.bindNull("fileName", String.class);
		return spec.fetch().rowsUpdated().map((count) -> count == 1);
	}

	Mono<UUID> findByKey(String owner, String idempotencyKey) {
		return this.db.sql("select id from users.imports where owner = :owner and idempotency_key = :key")
			.bind("owner", owner)
			.bind("key", idempotencyKey)
			.map((row) -> row.get("id", UUID.class))
			.one();
	}

	Mono<Void> setColumns(UUID id, List<String> columns) {
		return this.db.sql("update users.imports set columns = :columns where id = :id")
			.bind("id", id)
			.bind("columns", columns.toArray(String[]::new))
			.then();
	}

	Mono<Void> storePart(UUID id, int partNo, List<RawRecord> records) {
		Long[] lines = new Long[records.size()];
		String[] texts = new String[records.size()];
		for (int i = 0; i < texts.length; i++) {
			lines[i] = records.get(i).line();
			texts[i] = records.get(i).text();
		}
		return this.db
			.sql("insert into users.import_parts (import_id, part_no, lines, records) values (:id, :part, :lines, "
					+ ":records)")
			.bind("id", id)
			.bind("part", partNo)
			.bind("lines", lines)
			.bind("records", texts)
			.then();
	}

	/** The upload is complete: the parts are known and are about to be queued. */
	Mono<Void> received(UUID id, int parts, long rows) {
		return this.db
			.sql("update users.imports set status = 'queued', parts_total = :parts, rows_read = :rows, "
					+ "received_at = now() where id = :id")
			.bind("id", id)
			.bind("parts", parts)
			.bind("rows", rows)
			.then();
	}

	/** Forgets a refused or interrupted upload, parts included. */
	Mono<Void> delete(UUID id) {
		return this.db.sql("delete from users.imports where id = :id").bind("id", id).then();
	}

	Mono<ImportSummary> summary(UUID id) {
		return this.db.sql(SUMMARY + "where i.id = :id group by i.id")
			.bind("id", id)
			.map(ImportRepository::toSummary)
			.one();
	}

	Flux<ImportSummary> recent(long offset, int limit) {
		return this.db.sql(SUMMARY + "group by i.id order by i.created_at desc, i.id limit :limit offset :offset")
			.bind("limit", limit)
			.bind("offset", offset)
			.map(ImportRepository::toSummary)
			.all();
	}

	Mono<Long> count() {
		return this.db.sql("select count(*) as total from users.imports")
			.map((row) -> row.get("total", Long.class))
			.one();
	}

	Mono<Map<String, Long>> invalidByReason(UUID id) {
		return this.db
			.sql("select r.key, sum(r.value::bigint) as total from users.import_ledger l, "
					+ "jsonb_each_text(l.invalid_by_reason) r where l.import_id = :id group by r.key "
					+ "order by total desc, r.key")
			.bind("id", id)
			.map((row) -> Map.entry(row.get("key", String.class), row.get("total", Long.class)))
			.all()
			.collectList()
			.map((entries) -> {
				Map<String, Long> reasons = new LinkedHashMap<>();
				entries.forEach((entry) -> reasons.put(entry.getKey(), entry.getValue()));
				return reasons;
			});
	}

	Mono<List<InvalidRow>> examples(UUID id, int limit) {
		return this.db
			.sql("select e.value::text as example from users.import_ledger l, jsonb_array_elements(l.examples) "
					+ "with ordinality e(value, n) where l.import_id = :id order by l.part_no, e.n limit :limit")
			.bind("id", id)
			.bind("limit", limit)
			.map((row) -> row.get("example", String.class))
			.all()
			.map((text) -> this.json.readValue(text, InvalidRow.class))
			.collectList();
	}

	Mono<List<ImportStatus.FailedPart>> failedParts(UUID id) {
		return this.db
			.sql("select part_no, error from users.import_ledger where import_id = :id and status = 'failed' "
					+ "order by part_no")
			.bind("id", id)
			.map((row) -> new ImportStatus.FailedPart(row.get("part_no", Integer.class),
					row.get("error", String.class)))
			.all()
			.collectList();
	}

	private static ImportSummary toSummary(Readable row) {
		return new ImportSummary(row.get("id", UUID.class), row.get("owner", String.class),
				row.get("format", String.class), row.get("file_name", String.class), row.get("status", String.class),
				row.get("parts_total", Integer.class), row.get("rows_read", Long.class),
				row.get("created_at", Instant.class), row.get("received_at", Instant.class),
				row.get("started_at", Instant.class), row.get("finished_at", Instant.class),
				row.get("parts_done", Long.class), row.get("parts_failed", Long.class), number(row, "rows_processed"),
				number(row, "inserted"), number(row, "duplicates"), number(row, "invalid"));
	}

	private static long number(Readable row, String column) {
		Number value = row.get(column, Number.class);
		return (value != null) ? value.longValue() : 0;
	}

	/**
	 * One import with its ledger totals.
	 */
	record ImportSummary(UUID id, String owner, String format, String fileName, String status, Integer partsTotal,
			Long rowsRead, Instant createdAt, Instant receivedAt, Instant startedAt, Instant finishedAt, long partsDone,
			long partsFailed, long rowsProcessed, long inserted, long duplicates, long invalid) {

	}

}
