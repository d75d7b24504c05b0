package io.cachegate.users.importing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.r2dbc.postgresql.codec.Json;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

import io.cachegate.users.user.UserData;

/**
 * The import tables as the workers see them: a stored part read back, its outcome written
 * to the ledger ({@code users.import_ledger}) in the same transaction as the one
 * statement that inserts its users, and the import's status moved on as parts finish. The
 * upload and status side is {@link ImportRepository}. Plain SQL through R2DBC, like the
 * users repository.
 */
@Repository
class ImportPartRepository {

	private static final String INSERT_USERS = "insert into users.users (username, email, first_name, last_name, "
			+ "birth_date, tax_id, phone, city) select * from unnest(:usernames::varchar[], :emails::varchar[], "
			+ ":firstNames::varchar[], :lastNames::varchar[], :birthDates::date[], :taxIds::varchar[], "
			+ ":phones::varchar[], :cities::varchar[]) on conflict do nothing";

	private final DatabaseClient db;

	private final TransactionalOperator transactions;

	private final JsonMapper json;

	ImportPartRepository(DatabaseClient db, TransactionalOperator transactions, JsonMapper json) {
		this.db = db;
		this.transactions = transactions;
		this.json = json;
	}

	Mono<StoredPart> loadPart(UUID id, int partNo) {
		return this.db
			.sql("select p.lines, p.records, i.format, i.columns from users.import_parts p join users.imports i on "
					+ "i.id = p.import_id where p.import_id = :id and p.part_no = :part")
			.bind("id", id)
			.bind("part", partNo)
			.map((row) -> {
				Long[] lines = row.get("lines", Long[].class);
				long[] plain = new long[lines.length];
				for (int i = 0; i < lines.length; i++) {
					plain[i] = lines[i];
				}
				return new StoredPart(ImportFormat.valueOf(row.get("format", String.class)),
						new ImportColumns(List.of(row.get("columns", String[].class))), plain,
						row.get("records", String[].class));
			})
			.one();
	}

	Mono<Boolean> isFinished(UUID id, int partNo) {
		return this.db.sql("select 1 from users.import_ledger where import_id = :id and part_no = :part")
			.bind("id", id)
			.bind("part", partNo)
			.map((row) -> true)
			.one()
			.defaultIfEmpty(false);
	}

	Mono<Void> markRunning(UUID id) {
		return this.db
			.sql("update users.imports set status = 'running', started_at = now() where id = :id and status = "
					+ "'queued'")
			.bind("id", id)
			.then();
	}

	/**
	 * Inserts a part's valid users and its ledger row in one transaction. The ledger row
	 * goes first: a second worker on the same part (a redelivery while the first still
	 * runs) waits on its primary key, then finds it and inserts nothing.
	 * @return the users inserted, or empty when the part was already finished
	 */
	Mono<Integer> commitPart(UUID id, int partNo, PartValidator.ValidatedPart part, String worker, Instant startedAt) {
		Mono<Long> ledger = this.db
			.sql("insert into users.import_ledger (import_id, part_no, status, rows, invalid, invalid_by_reason, "
					+ "examples, worker, started_at) values (:id, :part, 'done', :rows, :invalid, :reasons, "
					+ ":examples, :worker, :startedAt) on conflict do nothing")
			.bind("id", id)
			.bind("part", partNo)
			.bind("rows", part.rows())
			.bind("invalid", part.invalid())
			.bind("reasons", Json.of(this.json.writeValueAsString(part.invalidByReason())))
			.bind("examples", Json.of(this.json.writeValueAsString(part.examples())))
			.bind("worker", worker)
			.bind("startedAt", startedAt)
			.fetch()
			.rowsUpdated();
		Mono<Integer> work = ledger.filter((count) -> count == 1)
			.flatMap((first) -> insertUsers(part.valid()))
			.flatMap((inserted) -> this.db
				.sql("update users.import_ledger set inserted = :inserted, duplicates = :duplicates, "
						+ "finished_at = clock_timestamp() where import_id = :id and part_no = :part")
				.bind("id", id)
				.bind("part", partNo)
				.bind("inserted", inserted)
				.bind("duplicates", part.valid().size() - inserted)
				.then()
				.then(deletePart(id, partNo))
				.thenReturn(inserted));
		return work.as(this.transactions::transactional);
	}

	/**
	 * Records a part as failed (dead-lettered), unless it finished meanwhile (a worker
	 * still inside the part's transaction makes this wait for its outcome, through the
	 * ledger's primary key).
	 * @return whether the part is now recorded as failed
	 */
	Mono<Boolean> failPart(UUID id, int partNo, String error, String worker) {
		return this.db
			.sql("insert into users.import_ledger (import_id, part_no, status, rows, error, worker) select :id, "
					+ ":part, 'failed', coalesce((select cardinality(records) from users.import_parts where "
					+ "import_id = :id and part_no = :part), 0), :error, :worker where exists (select 1 from "
					+ "users.imports where id = :id) on conflict do nothing")
			.bind("id", id)
			.bind("part", partNo)
			.bind("error", error)
			.bind("worker", worker)
			.fetch()
			.rowsUpdated()
			.map((count) -> count == 1);
	}

	/**
	 * Marks the import completed (or failed, when a part failed) once every part has a
	 * ledger row.
	 */
	Mono<Void> completeIfDone(UUID id) {
		return this.db
			.sql("update users.imports i set status = case when exists (select 1 from users.import_ledger l where "
					+ "l.import_id = i.id and l.status = 'failed') then 'failed' else 'completed' end, "
					+ "finished_at = now() where i.id = :id and i.finished_at is null and i.parts_total is not null "
					+ "and i.parts_total <= (select count(*) from users.import_ledger l where l.import_id = i.id)")
			.bind("id", id)
			.then();
	}

	private Mono<Integer> insertUsers(List<UserData> users) {
		if (users.isEmpty()) {
			return Mono.just(0);
		}
		int n = users.size();
		String[] usernames = new String[n];
		String[] emails = new String[n];
		String[] firstNames = new String[n];
		String[] lastNames = new String[n];
		String[] birthDates = new String[n];
		String[] taxIds = new String[n];
		String[] phones = new String[n];
		String[] cities = new String[n];
		for (int i = 0; i < n; i++) {
			UserData user = users.get(i);
			usernames[i] = user.username();
			emails[i] = user.email();
			firstNames[i] = user.firstName();
			lastNames[i] = user.lastName();
			birthDates[i] = user.birthDate().toString();
			taxIds[i] = user.taxId();
			phones[i] = user.phone();
			cities[i] = user.city();
		}
		// One statement for the whole part: the change-event trigger (statement level)
		// sees it as one change.
		return this.db.sql(INSERT_USERS)
			.bind("usernames", usernames)
			.bind("emails", emails)
			.bind("firstNames", firstNames)
			.bind("lastNames", lastNames)
			.bind("birthDates", birthDates)
			.bind("taxIds", taxIds)
			.bind("phones", phones)
			.bind("cities", cities)
			.fetch()
			.rowsUpdated()
			.map(Long::intValue);
	}

	private Mono<Void> deletePart(UUID id, int partNo) {
		return this.db.sql("delete from users.import_parts where import_id = :id and part_no = :part")
			.bind("id", id)
			.bind("part", partNo)
			.then();
	}

	/**
	 * A part as stored, with what is needed to read it.
	 *
	 * @param format the file format
	 * @param columns the columns (CSV)
	 * @param lines the file line of each record
	 * @param records the records
	 */
	record StoredPart(ImportFormat format, ImportColumns columns, long[] lines, String[] records) {

	}

}
